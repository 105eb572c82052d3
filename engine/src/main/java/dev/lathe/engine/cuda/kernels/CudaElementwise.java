package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.BinaryOp;
import dev.lathe.engine.backend.CompareOp;
import dev.lathe.engine.backend.UnaryOp;
import dev.lathe.engine.cuda.KernelLauncher;

/** Placeholder for the elementwise kernel wrappers (native/src/main/cuda/elementwise.cu). */
public final class CudaElementwise {

    private CudaElementwise() {
    }

    public static Tensor unary(KernelLauncher k, UnaryOp op, Tensor x) {
        throw new UnsupportedOperationException("elementwise kernels not merged");
    }

    public static Tensor binary(KernelLauncher k, BinaryOp op, Tensor a, Tensor b) {
        throw new UnsupportedOperationException("elementwise kernels not merged");
    }

    public static Tensor compare(KernelLauncher k, CompareOp op, Tensor a, Tensor b) {
        throw new UnsupportedOperationException("elementwise kernels not merged");
    }

    public static Tensor where(KernelLauncher k, Tensor cond, Tensor a, Tensor b) {
        throw new UnsupportedOperationException("elementwise kernels not merged");
    }

    public static void fill(KernelLauncher k, Tensor dst, double value) {
        throw new UnsupportedOperationException("elementwise kernels not merged");
    }

    public static void copy(KernelLauncher k, Tensor src, Tensor dst) {
        throw new UnsupportedOperationException("elementwise kernels not merged");
    }
}
