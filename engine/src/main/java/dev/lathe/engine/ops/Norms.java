package dev.lathe.engine.ops;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.autograd.Graph;
import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.backend.LayerNormOutput;
import java.util.List;

/** Layer normalisation as one backend op per pass (forward, input gradient, parameter gradients). */
public final class Norms {

    static final List<String> OPS = List.of("layer_norm");

    private Norms() {
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
