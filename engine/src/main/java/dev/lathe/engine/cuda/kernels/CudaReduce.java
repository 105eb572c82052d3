package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.DType;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.ReduceOp;
import dev.lathe.engine.cuda.KernelLauncher;

/**
 * Backend's reduce and argmax through reduce.cu. Reductions of at most {@link #SERIAL_MAX_LENGTH}
 * elements per output run one thread per output (the CPU's order); longer ones one block per output
 * with a fixed tree. The choice depends on the shape alone, so a result is the same on every run.
 */
public final class CudaReduce {

    /** Longest reduction that one thread folds alone. */
    public static final int SERIAL_MAX_LENGTH = 64;

    private CudaReduce() {
    }

    public static Tensor reduce(KernelLauncher k, ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        int rank = x.dim();
        int[] shape = x.shape();
        boolean[] reduced = op.reducedDims(shape, axes);
        Tensor out = k.empty(x.dtype(), Shapes.reducedShape(shape, reduced, keepDims));
        long length = 1;
        for (int d = 0; d < rank; d++) {
            length *= reduced[d] ? shape[d] : 1;
        }
        launchReduction(k, x, reduced, out, KernelNames.reduce(op, x.dtype(), isSerial(length)));
        return out;
    }

    /** Index (I32) of the first maximum along one axis, NaN counting as the maximum, as on the CPU. */
    public static Tensor argmax(KernelLauncher k, Tensor x, int axis, boolean keepDims) {
        int a = Shapes.normalizeDim(axis, x.dim());
        if (x.size(a) == 0) {
            throw new IllegalArgumentException("argmax over an empty dimension of [" + Shapes.format(x.shape()) + "]");
        }
        boolean[] reduced = new boolean[x.dim()];
        reduced[a] = true;
        Tensor out = k.empty(DType.I32, Shapes.reducedShape(x.shape(), reduced, keepDims));
        launchReduction(k, x, reduced, out, KernelNames.argmax(x.dtype(), isSerial(x.size(a))));
        return out;
    }

    static boolean isSerial(long reductionLength) {
        return reductionLength <= SERIAL_MAX_LENGTH;
    }

    /** Splits x's dimensions into kept and reduced layouts and launches the kernel's form that suits the length. */
    private static void launchReduction(KernelLauncher k, Tensor x, boolean[] reduced, Tensor out, Kernel kernel) {
        int[] shape = x.shape();
        int[] strides = x.strides();
        int keptRank = 0;
        for (boolean r : reduced) {
            keptRank += r ? 0 : 1;
        }
        int[] keptShape = new int[keptRank];
        int[] keptStrides = new int[keptRank];
        int[] redShape = new int[shape.length - keptRank];
        int[] redStrides = new int[shape.length - keptRank];
        for (int d = 0, kd = 0, rd = 0; d < shape.length; d++) {
            if (reduced[d]) {
                redShape[rd] = shape[d];
                redStrides[rd++] = strides[d];
            } else {
                keptShape[kd] = shape[d];
                keptStrides[kd++] = strides[d];
            }
        }
        long outN = Shapes.numel(keptShape);
        long redN = Shapes.numel(redShape);
        if (outN == 0) {
            return;
        }
        KernelArg[] args = {KernelArg.of(x), KernelArg.of(Layouts.over(keptShape, keptStrides)[0]),
                KernelArg.of(Layouts.over(redShape, redStrides)[0]), KernelArg.of(out), KernelArg.of(outN), KernelArg.of(redN)};
        if (isSerial(redN)) {
            kernel.launch(k, outN, args);
        } else {
            kernel.launch(k, (int) outN, KernelNames.REDUCE_THREADS, args);
        }
    }
}
