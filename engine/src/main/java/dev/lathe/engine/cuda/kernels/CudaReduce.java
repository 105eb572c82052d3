package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.ReduceOp;
import dev.lathe.engine.cuda.KernelLauncher;

/** Placeholder for the reduction kernel wrappers (native/src/main/cuda/reduce.cu). */
public final class CudaReduce {

    private CudaReduce() {
    }

    public static Tensor reduce(KernelLauncher k, ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        throw new UnsupportedOperationException("reduce kernels not merged");
    }

    public static Tensor argmax(KernelLauncher k, Tensor x, int axis, boolean keepDims) {
        throw new UnsupportedOperationException("reduce kernels not merged");
    }
}
