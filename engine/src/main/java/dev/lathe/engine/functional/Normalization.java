package dev.lathe.engine.functional;

import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.ops.Norms;
import java.util.Arrays;

/** Normalisation layers' functional forms. */
public final class Normalization {

    private Normalization() {
    }

    /**
     * Layer normalisation over the last {@code normalizedDims} dimensions with biased variance,
     * then {@code * weight + bias} (either may be null, else shaped as those dimensions), as
     * torch.nn.functional.layer_norm: the normalised dimensions are viewed as one row each.
     */
    public static Tensor layerNorm(Tensor x, int normalizedDims, Tensor weight, Tensor bias, double eps) {
        if (normalizedDims < 1 || normalizedDims > x.dim()) {
            throw new IllegalArgumentException("layer_norm over " + normalizedDims + " trailing dimensions of " + x.describe());
        }
        if (normalizedDims == 1) {
            return Norms.layerNorm(x, weight, bias, eps);
        }
        int[] rowShape = Arrays.copyOfRange(x.shape(), x.dim() - normalizedDims, x.dim());
        int[] rows = Arrays.copyOf(x.shape(), x.dim() - normalizedDims + 1);
        rows[rows.length - 1] = Shapes.numel(rowShape);
        return Norms.layerNorm(x.reshape(rows), flat(weight, rowShape), flat(bias, rowShape), eps).reshape(x.shape());
    }

    /** A weight or bias shaped as the normalised dimensions, as one row; null stays null. */
    private static Tensor flat(Tensor p, int[] rowShape) {
        if (p != null && !Arrays.equals(p.shape(), rowShape)) {
            throw new IllegalArgumentException("layer_norm: weight and bias must be [" + Shapes.format(rowShape) + "], got " + p.describe());
        }
        return p == null ? null : p.reshape(Shapes.numel(rowShape));
    }
}
