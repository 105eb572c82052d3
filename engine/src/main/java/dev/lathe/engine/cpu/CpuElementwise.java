package dev.lathe.engine.cpu;

import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.BinaryOp;
import dev.lathe.engine.backend.CompareOp;
import dev.lathe.engine.backend.UnaryOp;

/**
 * Elementwise kernels: copy/cast, fill, unary, broadcasting binary, compare and where. Each walks
 * the operands in strided runs and computes a chunk at a time in double scratch arrays, or for
 * contiguous F32 runs straight in the arrays ({@link FloatRuns}).
 */
final class CpuElementwise {

    /** Work an element of a two-input op counts for when loops are split over the workers. */
    private static final long PAIR_COST = 2;

    private CpuElementwise() {
    }

    static void copy(Tensor src, Tensor dst) {
        if (!java.util.Arrays.equals(src.shape(), dst.shape())) {
            throw new IllegalArgumentException("copy: source [" + Shapes.format(src.shape()) + "] and destination ["
                    + Shapes.format(dst.shape()) + "] differ in shape");
        }
        CpuStorage s = CpuStorage.of(src);
        CpuStorage d = CpuStorage.of(dst);
        boolean sameDtype = s.dtype() == d.dtype();
        Chunk.forEach(dst.shape(), new int[][] {dst.strides(), src.strides()}, new int[] {dst.offset(), src.offset()}, 1,
                (n, off, step, scratch) -> {
                    if (sameDtype && step[0] == 1 && step[1] == 1) {
                        System.arraycopy(s.array(), off[1], d.array(), off[0], n);
                    } else {
                        Chunk.load(s, off[1], step[1], n, scratch[0]);
                        Chunk.store(scratch[0], n, d, off[0], step[0]);
                    }
                });
    }

    static void fill(Tensor dst, double value) {
        CpuStorage d = CpuStorage.of(dst);
        Chunk.forEach(dst.shape(), new int[][] {dst.strides()}, new int[] {dst.offset()}, 1,
                (n, off, step, scratch) -> {
                    if (step[0] == 1 && d instanceof CpuStorage.F32 f) {
                        java.util.Arrays.fill(f.data(), off[0], off[0] + n, (float) value);
                        return;
                    }
                    java.util.Arrays.fill(scratch[0], 0, n, value);
                    Chunk.store(scratch[0], n, d, off[0], step[0]);
                });
    }

    static void unary(UnaryOp op, Tensor x, Tensor out) {
        CpuStorage a = CpuStorage.of(x);
        CpuStorage o = CpuStorage.of(out);
        Chunk.forEach(out.shape(), new int[][] {out.strides(), x.strides()}, new int[] {out.offset(), x.offset()}, 8,
                (n, off, step, scratch) -> {
                    if (step[0] == 1 && a instanceof CpuStorage.F32 af && o instanceof CpuStorage.F32 of
                            && FloatRuns.unary(op, af.data(), off[1], step[1], of.data(), off[0], n)) {
                        return;
                    }
                    Chunk.load(a, off[1], step[1], n, scratch[0]);
                    ChunkMath.unary(op, scratch[0], n);
                    Chunk.store(scratch[0], n, o, off[0], step[0]);
                });
    }

    static void binary(BinaryOp op, Tensor x, Tensor y, Tensor out) {
        broadcastPair(x, y, out, (a, ao, aStep, b, bo, bStep, o, oo, n) -> FloatRuns.binary(op, a, ao, aStep, b, bo, bStep, o, oo, n),
                (p, q, n) -> ChunkMath.binary(op, p, q, n));
    }

    static void compare(CompareOp op, Tensor x, Tensor y, Tensor out) {
        broadcastPair(x, y, out, (a, ao, aStep, b, bo, bStep, o, oo, n) -> FloatRuns.compare(op, a, ao, aStep, b, bo, bStep, o, oo, n),
                (p, q, n) -> ChunkMath.compare(op, p, q, n));
    }

    /** A {@link FloatRuns} kernel of two inputs: false (nothing written) when it cannot take these steps; both 1 it always takes. */
    @FunctionalInterface
    private interface FloatPairRun {
        boolean run(float[] a, int ao, int aStep, float[] b, int bo, int bStep, float[] o, int oo, int n);
    }

    /** A {@link ChunkMath} kernel of two inputs, leaving its result in the first. */
    @FunctionalInterface
    private interface ChunkPairRun {
        void run(double[] a, double[] b, int n);
    }

    /**
     * out = f(x, y) with NumPy broadcasting: contiguous F32 output runs through {@code floats} where
     * it takes the inputs' steps, everything else through {@code chunks} on double scratch.
     */
    private static void broadcastPair(Tensor x, Tensor y, Tensor out, FloatPairRun floats, ChunkPairRun chunks) {
        CpuStorage a = CpuStorage.of(x);
        CpuStorage b = CpuStorage.of(y);
        CpuStorage o = CpuStorage.of(out);
        if (a instanceof CpuStorage.F32 af && b instanceof CpuStorage.F32 bf && o instanceof CpuStorage.F32 of
                && overRows(x, af.data(), y, bf.data(), out, of.data(), floats)) {
            return;
        }
        int[] shape = out.shape();
        Chunk.forEach(shape,
                new int[][] {out.strides(), Shapes.broadcastStrides(x.shape(), x.strides(), shape),
                        Shapes.broadcastStrides(y.shape(), y.strides(), shape)},
                new int[] {out.offset(), x.offset(), y.offset()}, PAIR_COST,
                (n, off, step, scratch) -> {
                    if (step[0] == 1 && a instanceof CpuStorage.F32 af && b instanceof CpuStorage.F32 bf
                            && o instanceof CpuStorage.F32 of
                            && floats.run(af.data(), off[1], step[1], bf.data(), off[2], step[2], of.data(), off[0], n)) {
                        return;
                    }
                    Chunk.load(a, off[1], step[1], n, scratch[0]);
                    Chunk.load(b, off[2], step[2], n, scratch[1]);
                    chunks.run(scratch[0], scratch[1], n);
                    Chunk.store(scratch[0], n, o, off[0], step[0]);
                });
    }

    /**
     * out = f(x, y) where one operand is a block the other repeats ({@link Shapes#blockRepeat}): a
     * bias row added to every row of a matrix, or a value per channel added to each channel's
     * plane. One kernel call per row, or per plane with the value as a scalar, without the strided
     * walk's callbacks, which cost 130 ns a run: twice the arithmetic of a row of [128, 128] +
     * [128], and most of [128, 10] + [10]. False, having written nothing, for any other layout or
     * where the kernel does not take the scalar's side.
     */
    private static boolean overRows(Tensor x, float[] xd, Tensor y, float[] yd, Tensor out, float[] od, FloatPairRun floats) {
        boolean xFull = java.util.Arrays.equals(x.shape(), out.shape());
        boolean yFull = java.util.Arrays.equals(y.shape(), out.shape());
        Tensor block = xFull ? y : x;
        // both full: the walk merges them into one run already
        if (xFull == yFull || out.numel() == 0 || !out.isContiguous() || !x.isContiguous() || !y.isContiguous()) {
            return false;
        }
        int stretch = Shapes.blockRepeat(block.shape(), out.shape());
        int width = block.numel();
        if (stretch < 1 || (stretch == 1 && width < 2)) {
            return false;
        }
        // a row: one call per row with both steps 1; per-plane values: one call per plane, the value's step 0
        int length = stretch == 1 ? width : stretch;
        int blockStep = stretch == 1 ? 1 : 0;
        Run run = unit -> {
            int at = unit * length;
            int blockAt = block.offset() + (stretch == 1 ? 0 : unit % width);
            return xFull
                    ? floats.run(xd, x.offset() + at, 1, yd, blockAt, blockStep, od, out.offset() + at, length)
                    : floats.run(xd, blockAt, blockStep, yd, y.offset() + at, 1, od, out.offset() + at, length);
        };
        if (!run.apply(0)) {
            return false;
        }
        Parallel.forRange(out.numel() / length - 1, PAIR_COST * length, (u0, u1) -> {
            for (int unit = u0 + 1; unit <= u1; unit++) {
                run.apply(unit);
            }
        });
        return true;
    }

    /** One kernel call of {@link #overRows}: false, having written nothing, where the kernel does not take its steps. */
    @FunctionalInterface
    private interface Run {
        boolean apply(int unit);
    }

    static void where(Tensor cond, Tensor x, Tensor y, Tensor out) {
        CpuStorage c = CpuStorage.of(cond);
        CpuStorage a = CpuStorage.of(x);
        CpuStorage b = CpuStorage.of(y);
        CpuStorage o = CpuStorage.of(out);
        int[] shape = out.shape();
        Chunk.forEach(shape,
                new int[][] {out.strides(), Shapes.broadcastStrides(cond.shape(), cond.strides(), shape),
                        Shapes.broadcastStrides(x.shape(), x.strides(), shape),
                        Shapes.broadcastStrides(y.shape(), y.strides(), shape)},
                new int[] {out.offset(), cond.offset(), x.offset(), y.offset()}, 2,
                (n, off, step, scratch) -> {
                    if (step[0] == 1 && c instanceof CpuStorage.F32 cf && a instanceof CpuStorage.F32 af
                            && b instanceof CpuStorage.F32 bf && o instanceof CpuStorage.F32 of
                            && FloatRuns.where(cf.data(), off[1], step[1], af.data(), off[2], step[2], bf.data(), off[3], step[3],
                                    of.data(), off[0], n)) {
                        return;
                    }
                    double[] t = scratch[0];
                    double[] yes = scratch[1];
                    double[] no = scratch[2];
                    Chunk.load(c, off[1], step[1], n, t);
                    Chunk.load(a, off[2], step[2], n, yes);
                    Chunk.load(b, off[3], step[3], n, no);
                    for (int j = 0; j < n; j++) {
                        t[j] = t[j] != 0 ? yes[j] : no[j];
                    }
                    Chunk.store(t, n, o, off[0], step[0]);
                });
    }
}
