package dev.lathe.engine.functional;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Reductions;

/** Normalisation composites. */
public final class Normalization {

    private Normalization() {
    }

    /**
     * Layer normalisation over the last {@code normalizedDims} dimensions with biased variance,
     * then {@code * weight + bias} (either may be null), as torch.nn.functional.layer_norm.
     */
    public static Tensor layerNorm(Tensor x, int normalizedDims, Tensor weight, Tensor bias, double eps) {
        if (normalizedDims < 1 || normalizedDims > x.dim()) {
            throw new IllegalArgumentException("layer_norm over " + normalizedDims + " trailing dimensions of " + x.describe());
        }
        int[] axes = new int[normalizedDims];
        for (int i = 0; i < normalizedDims; i++) {
            axes[i] = x.dim() - normalizedDims + i;
        }
        Tensor centered = Elementwise.sub(x, Reductions.mean(x, axes, true));
        Tensor variance = Reductions.mean(Elementwise.mul(centered, centered), axes, true);
        Tensor normalized = Elementwise.div(centered, Elementwise.sqrt(Elementwise.add(variance, Tensors.scalarLike(x, eps))));
        Tensor scaled = weight == null ? normalized : Elementwise.mul(normalized, weight);
        return bias == null ? scaled : Elementwise.add(scaled, bias);
    }
}
