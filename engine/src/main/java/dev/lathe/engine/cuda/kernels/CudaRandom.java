package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.DType;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.cuda.KernelLauncher;

/** Placeholder for the random-number kernel wrappers (native/src/main/cuda/random.cu). */
public final class CudaRandom {

    private CudaRandom() {
    }

    public static Tensor uniform(KernelLauncher k, DType dtype, int[] shape, double low, double high, Generator generator) {
        throw new UnsupportedOperationException("random kernels not merged");
    }

    public static Tensor normal(KernelLauncher k, DType dtype, int[] shape, double mean, double std, Generator generator) {
        throw new UnsupportedOperationException("random kernels not merged");
    }

    public static Tensor bernoulli(KernelLauncher k, DType dtype, int[] shape, double p, Generator generator) {
        throw new UnsupportedOperationException("random kernels not merged");
    }
}
