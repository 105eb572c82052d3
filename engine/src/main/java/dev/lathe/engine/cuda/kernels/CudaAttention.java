package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.DType;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.cuda.KernelLauncher;
import java.util.Arrays;

/**
 * The softmax of scaled dot-product attention fused with its scaling and key padding bias, through
 * attention.cu: one pass over the scores between the two matrix products. No Backend primitive maps
 * to it yet; it is the kernel a fused attention path in the CUDA backend would call.
 */
public final class CudaAttention {

    private CudaAttention() {
    }

    /** softmax(scores·scale + (1 - keyMask)·lowest) along the keys of scores [N, heads, Tq, Tk]; keyMask [N, Tk] F32 or null. */
    public static Tensor softmax(KernelLauncher k, Tensor scores, Tensor keyMask, double scale) {
        Operands.requireF32("attention softmax", scores);
        if (scores.dim() != 4 || (keyMask != null && (keyMask.dim() != 2 || keyMask.size(0) != scores.size(0)
                || keyMask.size(1) != scores.size(3) || keyMask.dtype() != DType.F32))) {
            throw new IllegalArgumentException("attention softmax needs scores [N, heads, Tq, Tk] and an F32 key mask [N, Tk], got "
                    + scores.describe() + " and " + (keyMask == null ? "none" : keyMask.describe()));
        }
        Tensor probs = k.empty(DType.F32, scores.shape());
        long rows = Rows.rows(scores);
        try (Operands.Dense s = Operands.dense(k, scores);
             Operands.Dense m = Operands.optionalDense(k, keyMask)) {
            Rows.launch(k, KernelNames.ATTENTION_SOFTMAX, rows, s.arg(), m.arg(),
                    KernelArg.of(probs), KernelArg.of(rows), KernelArg.of(Rows.cols(scores)),
                    KernelArg.of((long) scores.size(1) * scores.size(2)), KernelArg.of((float) scale));
        }
        return probs;
    }

    /** The scores' gradient from the probabilities and their gradient. */
    public static Tensor softmaxBackward(KernelLauncher k, Tensor probs, Tensor gradProbs, double scale) {
        Operands.requireF32("attention softmax backward", probs);
        Operands.sameDtypeAndDevice("attention softmax backward", probs, gradProbs);
        if (!Arrays.equals(probs.shape(), gradProbs.shape())) {
            throw new IllegalArgumentException("attention softmax backward: probabilities " + probs.describe() + " and gradient "
                    + gradProbs.describe() + " differ in shape");
        }
        Tensor grad = k.empty(DType.F32, probs.shape());
        long rows = Rows.rows(probs);
        try (Operands.Dense p = Operands.dense(k, probs); Operands.Dense g = Operands.dense(k, gradProbs)) {
            Rows.launch(k, KernelNames.ATTENTION_SOFTMAX_BACKWARD, rows, p.arg(), g.arg(), KernelArg.of(grad), KernelArg.of(rows),
                    KernelArg.of(Rows.cols(probs)), KernelArg.of((float) scale));
        }
        return grad;
    }
}
