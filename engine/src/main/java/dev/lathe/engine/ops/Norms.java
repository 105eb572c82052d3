package dev.lathe.engine.ops;

import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.autograd.Graph;
import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.backend.LayerNormOutput;
import java.util.List;

/**
 * Row-wise normalisations as one backend op per pass: softmax, log-softmax and layer
 * normalisation (forward, input gradient, parameter gradients).
 */
public final class Norms {

    static final List<String> OPS = List.of("softmax", "log_softmax", "layer_norm");

    private Norms() {
    }

    /** Softmax along {@code dim}, or log-softmax when {@code log} (see {@link Backend#softmax}). */
    public static Tensor softmax(Tensor x, int dim, boolean log) {
        int d = Shapes.normalizeDim(dim, x.dim());
        if (d != x.dim() - 1) {
            // the backends work along the last dimension: move dim there and back (views)
            return softmax(x.transpose(d, -1), -1, log).transpose(d, -1);
        }
        Backend backend = x.backend();
        Tensor y = backend.softmax(x, log);
        return Graph.record(y, log ? "log_softmax" : "softmax", g -> new Tensor[] {backend.softmaxBackward(y, g, log)}, x);
    }

    /**
     * Layer normalisation over the last dimension (see {@link Backend#layerNorm}); weight and bias
     * are [C] of x's dtype on x's device, or null.
     */
    public static Tensor layerNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        if (x.dim() < 1) {
            throw new IllegalArgumentException("layer_norm needs a tensor with a last dimension, got " + x.describe());
        }
        requireParameter("weight", weight, x);
        requireParameter("bias", bias, x);
        Backend backend = x.backend();
        LayerNormOutput forward = backend.layerNorm(x, weight, bias, eps);
        return Graph.record(forward.output(), "layer_norm", g -> {
            boolean weightGrad = weight != null && weight.requiresGrad();
            boolean biasGrad = bias != null && bias.requiresGrad();
            Tensor[] params = weightGrad || biasGrad
                    ? backend.layerNormParamsBackward(x, g, forward, weightGrad, biasGrad)
                    : new Tensor[2];
            Tensor input = x.requiresGrad() ? backend.layerNormBackward(x, g, weight, forward) : null;
            return new Tensor[] {input, params[0], params[1]};
        }, x, weight, bias);
    }

    private static void requireParameter(String name, Tensor p, Tensor x) {
        int cols = x.size(x.dim() - 1);
        if (p != null && (p.dim() != 1 || p.size(0) != cols || p.dtype() != x.dtype() || !p.device().equals(x.device()))) {
            throw new IllegalArgumentException("layer_norm: " + name + " must be [" + cols + "] of " + x.dtype() + " on " + x.device()
                    + " for input " + x.describe() + ", got " + p.describe());
        }
    }
}
