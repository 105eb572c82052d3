package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.DType;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.cuda.KernelLauncher;

/** The operand checks the wrappers share, worded as the CPU backend words them. */
final class Operands {

    private Operands() {
    }

    static void sameDtypeAndDevice(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": operands differ in dtype: " + a.describe() + " and " + b.describe());
        }
        if (!a.device().equals(b.device())) {
            throw new IllegalArgumentException(op + ": operands are on different devices: " + a.describe() + " and " + b.describe());
        }
    }

    /** The kernels of floating-point ops exist for F32 only. */
    static void requireF32(String op, Tensor x) {
        if (x.dtype() != DType.F32) {
            throw new IllegalArgumentException(op + " on CUDA needs an F32 tensor, got " + x.describe());
        }
    }

    static void requireIndex(String op, Tensor index) {
        if (index.dtype() != DType.I32) {
            throw new IllegalArgumentException(op + ": index must be I32, got " + index.dtype());
        }
    }

    /** The tensor itself when contiguous (its offset is in its address), else a contiguous copy that closing releases. */
    static Dense dense(KernelLauncher k, Tensor t) {
        if (t.isContiguous()) {
            return new Dense(t, false);
        }
        Tensor copy = k.empty(t.dtype(), t.shape());
        CudaElementwise.copy(k, t, copy);
        return new Dense(copy, true);
    }

    /** As {@link #dense}, for an optional operand: null stays null and passes as a null pointer. */
    static Dense optionalDense(KernelLauncher k, Tensor t) {
        return t == null ? new Dense(null, false) : dense(k, t);
    }

    /** A contiguous operand, owned (a temporary copy, freed on close) or borrowed; the tensor is null for an absent optional one. */
    record Dense(Tensor tensor, boolean owned) implements AutoCloseable {

        KernelArg arg() {
            return KernelArg.ofOptional(tensor);
        }

        @Override
        public void close() {
            if (owned) {
                tensor.close();
            }
        }
    }
}
