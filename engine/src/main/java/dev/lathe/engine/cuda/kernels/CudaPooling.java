package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.Pool2dParams;
import dev.lathe.engine.backend.PoolResult;
import dev.lathe.engine.cuda.KernelLauncher;

/** Placeholder for the pooling kernel wrappers (native/src/main/cuda/pool.cu). */
public final class CudaPooling {

    private CudaPooling() {
    }

    public static PoolResult maxPool2d(KernelLauncher k, Tensor input, Pool2dParams p) {
        throw new UnsupportedOperationException("pool kernels not merged");
    }

    public static Tensor maxPool2dBackward(KernelLauncher k, Tensor gradOutput, Tensor indices, int[] inputShape) {
        throw new UnsupportedOperationException("pool kernels not merged");
    }

    public static Tensor avgPool2d(KernelLauncher k, Tensor input, Pool2dParams p) {
        throw new UnsupportedOperationException("pool kernels not merged");
    }

    public static Tensor avgPool2dBackward(KernelLauncher k, Tensor gradOutput, int[] inputShape, Pool2dParams p) {
        throw new UnsupportedOperationException("pool kernels not merged");
    }
}
