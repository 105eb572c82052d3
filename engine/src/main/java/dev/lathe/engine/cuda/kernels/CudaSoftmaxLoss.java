package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.DType;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.BinaryOp;
import dev.lathe.engine.backend.ReduceOp;
import dev.lathe.engine.cuda.KernelLauncher;

/**
 * Fused softmax, log-softmax and cross-entropy along the last dimension through softmax_loss.cu: one
 * pass each. The CUDA backend's softmax primitives call the first four; no Backend primitive maps
 * to the cross-entropy kernels yet.
 */
public final class CudaSoftmaxLoss {

    /** The mean cross-entropy (a scalar) and the number of targets not ignored (a scalar), both on the device. */
    public record CrossEntropy(Tensor loss, Tensor kept) {
    }

    private CudaSoftmaxLoss() {
    }

    public static Tensor softmax(KernelLauncher k, Tensor x, int dim) {
        return rowwise(k, KernelNames.SOFTMAX, "softmax", x, dim);
    }

    public static Tensor logSoftmax(KernelLauncher k, Tensor x, int dim) {
        return rowwise(k, KernelNames.LOG_SOFTMAX, "log_softmax", x, dim);
    }

    /** The input gradient of softmax from its output {@code y} and the output gradient. */
    public static Tensor softmaxBackward(KernelLauncher k, Tensor y, Tensor gradOutput, int dim) {
        return rowwiseBackward(k, KernelNames.SOFTMAX_BACKWARD, "softmax backward", y, gradOutput, dim);
    }

    /** The input gradient of log-softmax from its output {@code y} and the output gradient. */
    public static Tensor logSoftmaxBackward(KernelLauncher k, Tensor y, Tensor gradOutput, int dim) {
        return rowwiseBackward(k, KernelNames.LOG_SOFTMAX_BACKWARD, "log_softmax backward", y, gradOutput, dim);
    }

    /**
     * Mean cross-entropy of logits [N, C] against I32 labels [N]; labels equal to {@code ignoreIndex}
     * add nothing and leave the mean (all ignored gives NaN, as PyTorch). A label outside [0, C) is
     * reported through the device error word, not by reading the labels back.
     */
    public static CrossEntropy crossEntropy(KernelLauncher k, Tensor logits, Tensor labels, int ignoreIndex) {
        long rows = checkCrossEntropy(logits, labels);
        Tensor losses = k.empty(DType.F32, (int) rows);
        Tensor kept = k.empty(DType.F32, (int) rows);
        try (Operands.Dense x = Operands.dense(k, logits); Operands.Dense y = Operands.dense(k, labels)) {
            Rows.launch(k, KernelNames.CROSS_ENTROPY, rows, x.arg(), y.arg(), KernelArg.of(losses), KernelArg.of(kept),
                    KernelArg.of(rows), KernelArg.of(Rows.cols(logits)), KernelArg.of(ignoreIndex), KernelArg.of(k.errorWord()));
        }
        try (losses; kept; Tensor total = CudaReduce.reduce(k, ReduceOp.SUM, losses, new int[] {0}, false)) {
            Tensor count = CudaReduce.reduce(k, ReduceOp.SUM, kept, new int[] {0}, false);
            return new CrossEntropy(CudaElementwise.binary(k, BinaryOp.DIV, total, count), count);
        }
    }

    /** The logits' gradient, given {@code scale} = upstream gradient / kept count as a device scalar. */
    public static Tensor crossEntropyBackward(KernelLauncher k, Tensor logits, Tensor labels, Tensor scale, int ignoreIndex) {
        long rows = checkCrossEntropy(logits, labels);
        Operands.requireF32("cross_entropy backward", scale);
        if (scale.numel() != 1) {
            throw new IllegalArgumentException("cross_entropy backward: scale must be one value, got " + scale.describe());
        }
        Tensor grad = k.empty(DType.F32, logits.shape());
        try (Operands.Dense x = Operands.dense(k, logits); Operands.Dense y = Operands.dense(k, labels)) {
            Rows.launch(k, KernelNames.CROSS_ENTROPY_BACKWARD, rows, x.arg(), y.arg(), KernelArg.of(scale), KernelArg.of(grad),
                    KernelArg.of(rows), KernelArg.of(Rows.cols(logits)), KernelArg.of(ignoreIndex));
        }
        return grad;
    }

    private static long checkCrossEntropy(Tensor logits, Tensor labels) {
        Operands.requireF32("cross_entropy", logits);
        if (labels.dtype() != DType.I32) {
            throw new IllegalArgumentException("cross_entropy needs I32 labels, got " + labels.describe());
        }
        if (logits.dim() != 2 || labels.dim() != 1 || labels.size(0) != logits.size(0)) {
            throw new IllegalArgumentException("cross_entropy on CUDA takes logits [N, C] and labels [N], got " + logits.describe()
                    + " and " + labels.describe());
        }
        return logits.size(0);
    }

    private static Tensor rowwise(KernelLauncher k, Kernel kernel, String op, Tensor x, int dim) {
        Operands.requireF32(op, x);
        Rows.requireLastDim(op, x, dim);
        Tensor out = k.empty(DType.F32, x.shape());
        try (Operands.Dense in = Operands.dense(k, x)) {
            Rows.launch(k, kernel, Rows.rows(x), in.arg(), KernelArg.of(out), KernelArg.of(Rows.rows(x)), KernelArg.of(Rows.cols(x)));
        }
        return out;
    }

    private static Tensor rowwiseBackward(KernelLauncher k, Kernel kernel, String op, Tensor y, Tensor gradOutput, int dim) {
        Operands.requireF32(op, y);
        Operands.sameDtypeAndDevice(op, y, gradOutput);
        Rows.requireLastDim(op, y, dim);
        if (!java.util.Arrays.equals(y.shape(), gradOutput.shape())) {
            throw new IllegalArgumentException(op + ": output " + y.describe() + " and gradient " + gradOutput.describe() + " differ in shape");
        }
        Tensor grad = k.empty(DType.F32, y.shape());
        try (Operands.Dense out = Operands.dense(k, y); Operands.Dense g = Operands.dense(k, gradOutput)) {
            Rows.launch(k, kernel, Rows.rows(y), out.arg(), g.arg(), KernelArg.of(grad), KernelArg.of(Rows.rows(y)),
                    KernelArg.of(Rows.cols(y)));
        }
        return grad;
    }
}
