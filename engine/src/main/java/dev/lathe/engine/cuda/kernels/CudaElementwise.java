package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.DType;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.BinaryOp;
import dev.lathe.engine.backend.CompareOp;
import dev.lathe.engine.backend.UnaryOp;
import dev.lathe.engine.cuda.KernelLauncher;
import java.util.Arrays;
import java.util.Locale;

/** Backend's copy, fill, unary, binary, compare and where through elementwise.cu; any strided or broadcast operands. */
public final class CudaElementwise {

    private CudaElementwise() {
    }

    public static void copy(KernelLauncher k, Tensor src, Tensor dst) {
        if (!Arrays.equals(src.shape(), dst.shape())) {
            throw new IllegalArgumentException("copy: source [" + Shapes.format(src.shape()) + "] and destination ["
                    + Shapes.format(dst.shape()) + "] differ in shape");
        }
        LayoutStruct[] l = Layouts.over(dst.shape(), src.strides(), dst.strides());
        long n = dst.numel();
        KernelNames.copy(src.dtype(), dst.dtype()).launch(k, n, KernelArg.of(src), KernelArg.of(l[0]), KernelArg.of(dst),
                KernelArg.of(l[1]), KernelArg.of(n));
    }

    /** As on the CPU, an I32 destination receives Java's (int) cast of the value. */
    public static void fill(KernelLauncher k, Tensor dst, double value) {
        LayoutStruct l = Layouts.over(dst.shape(), dst.strides())[0];
        long n = dst.numel();
        KernelArg v = dst.dtype() == DType.I32 ? KernelArg.of((int) value) : KernelArg.of((float) value);
        KernelNames.fill(dst.dtype()).launch(k, n, KernelArg.of(dst), KernelArg.of(l), v, KernelArg.of(n));
    }

    public static Tensor unary(KernelLauncher k, UnaryOp op, Tensor x) {
        Operands.requireF32("unary " + op, x);
        Tensor out = k.empty(x.dtype(), x.shape());
        LayoutStruct l = Layouts.over(x.shape(), x.strides())[0];
        long n = out.numel();
        KernelNames.unary(op).launch(k, n, KernelArg.of(x), KernelArg.of(l), KernelArg.of(out), KernelArg.of(n));
        return out;
    }

    public static Tensor binary(KernelLauncher k, BinaryOp op, Tensor a, Tensor b) {
        Operands.sameDtypeAndDevice(op.name().toLowerCase(Locale.ROOT), a, b);
        return broadcastPair(k, KernelNames.binary(op, a.dtype()), a, b);
    }

    public static Tensor compare(KernelLauncher k, CompareOp op, Tensor a, Tensor b) {
        Operands.sameDtypeAndDevice(op.name().toLowerCase(Locale.ROOT), a, b);
        return broadcastPair(k, KernelNames.compare(op, a.dtype()), a, b);
    }

    /** {@code cond != 0 ? a : b}; cond may be F32 or I32, whatever a's dtype. */
    public static Tensor where(KernelLauncher k, Tensor cond, Tensor a, Tensor b) {
        Operands.sameDtypeAndDevice("where", a, b);
        KernelNames.suffix(cond.dtype()); // rejects an F64 condition: the kernel reads 32-bit words
        int[] shape = Shapes.broadcast(cond.shape(), Shapes.broadcast(a.shape(), b.shape()));
        Tensor out = k.empty(a.dtype(), shape);
        LayoutStruct[] l = Layouts.over(shape, Shapes.broadcastStrides(cond.shape(), cond.strides(), shape),
                Shapes.broadcastStrides(a.shape(), a.strides(), shape), Shapes.broadcastStrides(b.shape(), b.strides(), shape));
        long n = out.numel();
        KernelNames.where(a.dtype()).launch(k, n, KernelArg.of(cond), KernelArg.of(l[0]),
                KernelArg.of(cond.dtype() == DType.I32 ? 1 : 0), KernelArg.of(a), KernelArg.of(l[1]), KernelArg.of(b),
                KernelArg.of(l[2]), KernelArg.of(out), KernelArg.of(n));
        return out;
    }

    /** out = kernel(a, b) over the broadcast shape: binary ops and comparisons share the parameter list. */
    private static Tensor broadcastPair(KernelLauncher k, Kernel kernel, Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast(a.shape(), b.shape());
        Tensor out = k.empty(a.dtype(), shape);
        LayoutStruct[] l = Layouts.over(shape, Shapes.broadcastStrides(a.shape(), a.strides(), shape),
                Shapes.broadcastStrides(b.shape(), b.strides(), shape));
        long n = out.numel();
        kernel.launch(k, n, KernelArg.of(a), KernelArg.of(l[0]), KernelArg.of(b), KernelArg.of(l[1]), KernelArg.of(out),
                KernelArg.of(n));
        return out;
    }
}
