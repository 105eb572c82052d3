package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.DType;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.cuda.KernelLauncher;

/**
 * Backend's uniform, normal and bernoulli through random.cu (Philox4x32-10). Each call draws one
 * {@link Generator#nextLong()} as the Philox key, and element i comes from counter i / 4: the same
 * seed gives the same tensors on every run and GPU, though not the CPU backend's values.
 */
public final class CudaRandom {

    /** Elements per Philox block: one work item fills four. */
    static final int PER_DRAW = 4;

    private CudaRandom() {
    }

    public static Tensor uniform(KernelLauncher k, DType dtype, int[] shape, double low, double high, Generator generator) {
        return fill(k, KernelNames.UNIFORM, dtype, shape, generator, KernelArg.of(low), KernelArg.of(high));
    }

    public static Tensor normal(KernelLauncher k, DType dtype, int[] shape, double mean, double std, Generator generator) {
        return fill(k, KernelNames.NORMAL, dtype, shape, generator, KernelArg.of(mean), KernelArg.of(std));
    }

    /** 1 with probability {@code p}, else 0. */
    public static Tensor bernoulli(KernelLauncher k, DType dtype, int[] shape, double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bernoulli probability must lie in [0, 1], got " + p);
        }
        return fill(k, KernelNames.BERNOULLI, dtype, shape, generator, KernelArg.of(p));
    }

    private static Tensor fill(KernelLauncher k, Kernel kernel, DType dtype, int[] shape, Generator generator, KernelArg... params) {
        if (dtype != DType.F32) {
            throw new IllegalArgumentException(kernel.name().replace("_f32", "") + " on CUDA fills F32 tensors, got " + dtype);
        }
        Tensor out = k.empty(dtype, shape);
        long n = out.numel();
        KernelArg[] args = new KernelArg[3 + params.length];
        args[0] = KernelArg.of(out);
        args[1] = KernelArg.of(n);
        args[2] = KernelArg.of(generator.nextLong());
        System.arraycopy(params, 0, args, 3, params.length);
        kernel.launch(k, (n + PER_DRAW - 1) / PER_DRAW, args);
        return out;
    }
}
