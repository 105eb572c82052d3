package dev.lathe.engine.cpu;

import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.BinaryOp;
import dev.lathe.engine.backend.CompareOp;
import dev.lathe.engine.backend.UnaryOp;

/** Elementwise kernels: copy/cast, fill, unary, broadcasting binary, compare and where. */
final class CpuElementwise {

    private CpuElementwise() {
    }

    static void copy(Tensor src, Tensor dst) {
        if (!java.util.Arrays.equals(src.shape(), dst.shape())) {
            throw new IllegalArgumentException("copy: source [" + Shapes.format(src.shape()) + "] and destination ["
                    + Shapes.format(dst.shape()) + "] differ in shape");
        }
        CpuStorage s = CpuStorage.of(src);
        CpuStorage d = CpuStorage.of(dst);
        StridedCursor.forEach(dst.shape(), new int[][] {dst.strides(), src.strides()}, new int[] {dst.offset(), src.offset()}, 1,
                (n, off, step) -> {
                    for (int j = 0; j < n; j++) {
                        d.set(off[0] + j * step[0], s.get(off[1] + j * step[1]));
                    }
                });
    }

    static void fill(Tensor dst, double value) {
        CpuStorage d = CpuStorage.of(dst);
        StridedCursor.forEach(dst.shape(), new int[][] {dst.strides()}, new int[] {dst.offset()}, 1,
                (n, off, step) -> {
                    for (int j = 0; j < n; j++) {
                        d.set(off[0] + j * step[0], value);
                    }
                });
    }

    static void unary(UnaryOp op, Tensor x, Tensor out) {
        CpuStorage a = CpuStorage.of(x);
        CpuStorage o = CpuStorage.of(out);
        StridedCursor.forEach(out.shape(), new int[][] {out.strides(), x.strides()}, new int[] {out.offset(), x.offset()}, 8,
                (n, off, step) -> {
                    for (int j = 0; j < n; j++) {
                        o.set(off[0] + j * step[0], op.apply(a.get(off[1] + j * step[1])));
                    }
                });
    }

    static void binary(BinaryOp op, Tensor x, Tensor y, Tensor out) {
        CpuStorage a = CpuStorage.of(x);
        CpuStorage b = CpuStorage.of(y);
        CpuStorage o = CpuStorage.of(out);
        int[] shape = out.shape();
        StridedCursor.forEach(shape,
                new int[][] {out.strides(), Shapes.broadcastStrides(x.shape(), x.strides(), shape),
                        Shapes.broadcastStrides(y.shape(), y.strides(), shape)},
                new int[] {out.offset(), x.offset(), y.offset()}, 2,
                (n, off, step) -> {
                    for (int j = 0; j < n; j++) {
                        o.set(off[0] + j * step[0], op.apply(a.get(off[1] + j * step[1]), b.get(off[2] + j * step[2])));
                    }
                });
    }

    static void compare(CompareOp op, Tensor x, Tensor y, Tensor out) {
        CpuStorage a = CpuStorage.of(x);
        CpuStorage b = CpuStorage.of(y);
        CpuStorage o = CpuStorage.of(out);
        int[] shape = out.shape();
        StridedCursor.forEach(shape,
                new int[][] {out.strides(), Shapes.broadcastStrides(x.shape(), x.strides(), shape),
                        Shapes.broadcastStrides(y.shape(), y.strides(), shape)},
                new int[] {out.offset(), x.offset(), y.offset()}, 2,
                (n, off, step) -> {
                    for (int j = 0; j < n; j++) {
                        boolean t = op.test(a.get(off[1] + j * step[1]), b.get(off[2] + j * step[2]));
                        o.set(off[0] + j * step[0], t ? 1.0 : 0.0);
                    }
                });
    }

    static void where(Tensor cond, Tensor x, Tensor y, Tensor out) {
        CpuStorage c = CpuStorage.of(cond);
        CpuStorage a = CpuStorage.of(x);
        CpuStorage b = CpuStorage.of(y);
        CpuStorage o = CpuStorage.of(out);
        int[] shape = out.shape();
        StridedCursor.forEach(shape,
                new int[][] {out.strides(), Shapes.broadcastStrides(cond.shape(), cond.strides(), shape),
                        Shapes.broadcastStrides(x.shape(), x.strides(), shape),
                        Shapes.broadcastStrides(y.shape(), y.strides(), shape)},
                new int[] {out.offset(), cond.offset(), x.offset(), y.offset()}, 2,
                (n, off, step) -> {
                    for (int j = 0; j < n; j++) {
                        boolean t = c.get(off[1] + j * step[1]) != 0;
                        o.set(off[0] + j * step[0], t ? a.get(off[2] + j * step[2]) : b.get(off[3] + j * step[3]));
                    }
                });
    }
}
