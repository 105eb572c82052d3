package dev.lathe.layers.attention;

import dev.lathe.engine.DType;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.functional.Activations;
import dev.lathe.engine.functional.Dropout;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.LinearAlgebra;

/** Scaled dot-product attention and the head reshapes around it, as PyTorch's and Hugging Face's BERT compute them. */
public final class Attention {

    private Attention() {
    }

    /**
     * softmax(q kᵀ / √d + bias) v over query [N, heads, Tq, d], key and value [N, heads, Tk, d].
     * {@code keyMask} [N, Tk] (1 = real, 0 = padding; null = all real) gives padded keys the dtype's
     * lowest finite value as additive bias, as Hugging Face does: they get zero weight, and a row
     * whose keys are all padding stays finite (uniform weights) instead of NaN. While training, the
     * attention probabilities go through dropout with probability {@code dropout}.
     */
    public static Tensor scaledDotProduct(Tensor query, Tensor key, Tensor value, Tensor keyMask,
                                          double dropout, boolean training, Generator generator) {
        checkShapes(query, key, value, keyMask);
        double scale = 1 / Math.sqrt(query.size(3));
        Tensor scores = Elementwise.mul(LinearAlgebra.matmul(query, key.transpose(-1, -2)), Tensors.scalarLike(query, scale));
        if (keyMask != null) {
            scores = Elementwise.add(scores, keyPaddingBias(keyMask, query.dtype()));
        }
        Tensor probabilities = Dropout.dropout(Activations.softmax(scores, -1), dropout, training, generator);
        return LinearAlgebra.matmul(probabilities, value);
    }

    /** (1 - mask) · lowest, shaped [N, 1, 1, Tk] to broadcast over heads and queries. */
    private static Tensor keyPaddingBias(Tensor keyMask, DType dtype) {
        Tensor mask = keyMask.to(dtype);
        double lowest = dtype == DType.F32 ? -Float.MAX_VALUE : -Double.MAX_VALUE;
        Tensor padding = Elementwise.sub(Tensors.scalarLike(mask, 1), mask);
        return Elementwise.mul(padding, Tensors.scalarLike(mask, lowest)).unsqueeze(1).unsqueeze(1);
    }

    private static void checkShapes(Tensor query, Tensor key, Tensor value, Tensor keyMask) {
        boolean ok = query.dim() == 4 && key.dim() == 4 && value.dim() == 4
                && key.size(0) == query.size(0) && key.size(1) == query.size(1) && key.size(3) == query.size(3)
                && value.size(0) == query.size(0) && value.size(1) == query.size(1) && value.size(2) == key.size(2)
                && (keyMask == null || (keyMask.dim() == 2 && keyMask.size(0) == query.size(0) && keyMask.size(1) == key.size(2)));
        if (!ok) {
            throw new IllegalArgumentException("scaled dot-product attention needs query [N, heads, Tq, d], key [N, heads, Tk, d], "
                    + "value [N, heads, Tk, dv] and a key mask [N, Tk]; got query " + query.describe() + ", key " + key.describe()
                    + ", value " + value.describe() + ", mask " + (keyMask == null ? "none" : keyMask.describe()));
        }
    }

    /** [N, T, heads·d] → [N, heads, T, d]. */
    public static Tensor splitHeads(Tensor x, int heads) {
        if (x.dim() != 3 || x.size(2) % heads != 0) {
            throw new IllegalArgumentException("cannot split " + x.describe() + " into " + heads + " heads: need [N, T, heads·d]");
        }
        return x.reshape(x.size(0), x.size(1), heads, x.size(2) / heads).permute(0, 2, 1, 3);
    }

    /** [N, heads, T, d] → [N, T, heads·d]. */
    public static Tensor mergeHeads(Tensor x) {
        return x.permute(0, 2, 1, 3).reshape(x.size(0), x.size(2), x.size(1) * x.size(3));
    }
}
