package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.cuda.KernelLauncher;

/** Placeholder for the indexing kernel wrappers (native/src/main/cuda/index.cu). */
public final class CudaIndexing {

    private CudaIndexing() {
    }

    public static Tensor indexSelect(KernelLauncher k, Tensor x, int dim, Tensor index) {
        throw new UnsupportedOperationException("index kernels not merged");
    }

    public static Tensor indexAdd(KernelLauncher k, int[] shape, int dim, Tensor index, Tensor source) {
        throw new UnsupportedOperationException("index kernels not merged");
    }

    public static Tensor gather(KernelLauncher k, Tensor x, int dim, Tensor index) {
        throw new UnsupportedOperationException("index kernels not merged");
    }

    public static Tensor scatterAdd(KernelLauncher k, int[] shape, int dim, Tensor index, Tensor source) {
        throw new UnsupportedOperationException("index kernels not merged");
    }
}
