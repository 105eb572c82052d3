package dev.lathe.engine.cpu;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.ReduceOp;

/** Reductions over a set of axes, accumulating in double precision; and argmax along one axis. */
final class CpuReduce {

    private CpuReduce() {
    }

    /** Reduces {@code x} over {@code reduced[d]} axes into the contiguous {@code out} whose shape keeps the other axes (size 1 or dropped). */
    static void reduce(ReduceOp op, Tensor x, boolean[] reduced, Tensor out) {
        int[] block = x.isContiguous() ? reducedBlock(x.shape(), reduced) : null;
        int[] around = block == null && op == ReduceOp.SUM && x.isContiguous() && CpuStorage.of(x) instanceof CpuStorage.F32
                ? keptBlock(x.shape(), reduced) : null;
        if (block != null) {
            reduceBlock(op, CpuStorage.of(x), x.offset(), block[0], block[1], block[2], CpuStorage.of(out));
        } else if (around != null) {
            sumAround(((CpuStorage.F32) CpuStorage.of(x)).data(), x.offset(), around[0], around[1], around[2], CpuStorage.of(out));
        } else {
            reduceStrided(op, x, reduced, out);
        }
    }

    /**
     * The contiguous layout as [outer, kept, inner] when the kept axes (ignoring size-1 axes) are
     * adjacent and the reduced ones lie around them, as in a convolution's bias gradient (sum over
     * N, H and W of [N, C, H, W]); null otherwise.
     */
    private static int[] keptBlock(int[] shape, boolean[] reduced) {
        boolean[] kept = new boolean[reduced.length];
        for (int d = 0; d < reduced.length; d++) {
            kept[d] = !reduced[d];
        }
        return reducedBlock(shape, kept);
    }

    /**
     * out[k] = the sum over a and b of x[a, k, b], in double, reading the floats in place; split
     * over threads by k.
     */
    private static void sumAround(float[] x, int offset, int outer, int kept, int inner, CpuStorage out) {
        Parallel.forRange(kept, (long) outer * inner, (k0, k1) -> {
            for (int k = k0; k < k1; k++) {
                double v = 0;
                for (int a = 0; a < outer; a++) {
                    v += sumRun(x, offset + (a * kept + k) * inner, inner);
                }
                out.set(k, v);
            }
        });
    }

    /**
     * The sum of {@code x[from, from + length)} in double, in four interleaved partial sums: one sum
     * waits on each addition before the next (4 cycles an element), four keep the adder busy.
     */
    private static double sumRun(float[] x, int from, int length) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        int end = from + length;
        for (; i + 3 < end; i += 4) {
            s0 += x[i];
            s1 += x[i + 1];
            s2 += x[i + 2];
            s3 += x[i + 3];
        }
        for (; i < end; i++) {
            s0 += x[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * The contiguous layout as [outer, reduced, inner] when the reduced axes (ignoring size-1
     * axes) are adjacent, as in a reduction over the last axes (softmax, layer norm) or the
     * leading ones (bias gradients); null otherwise.
     */
    private static int[] reducedBlock(int[] shape, boolean[] reduced) {
        int first = -1;
        int last = -1;
        for (int d = 0; d < shape.length; d++) {
            if (reduced[d] && shape[d] != 1) {
                first = first < 0 ? d : first;
                last = d;
            }
        }
        long[] sizes = {1, 1, 1};
        for (int d = 0; d < shape.length; d++) {
            int part = first < 0 || d < first ? 0 : d <= last ? 1 : 2;
            if (part == 1 && !reduced[d] && shape[d] != 1) {
                return null;
            }
            sizes[part] *= shape[d];
        }
        return new int[] {(int) sizes[0], (int) sizes[1], (int) sizes[2]};
    }

    /**
     * out[a, b] = the reduction over r of x[a, r, b], in the same order as the strided path; split
     * over threads by output rows and column chunks.
     */
    private static void reduceBlock(ReduceOp op, CpuStorage x, int offset, int outer, int length, int inner, CpuStorage out) {
        int columnChunks = (inner + Chunk.LENGTH - 1) / Chunk.LENGTH;
        long cost = (long) Math.max(length, 1) * Math.min(inner, Chunk.LENGTH);
        Parallel.forRange(outer * columnChunks, cost, (t0, t1) -> {
            double[][] scratch = Chunk.scratch();
            double[] acc = scratch[0];
            double[] values = scratch[1];
            for (int t = t0; t < t1; t++) {
                int a = t / columnChunks;
                int b0 = (t % columnChunks) * Chunk.LENGTH;
                int width = Math.min(Chunk.LENGTH, inner - b0);
                int start = offset + a * length * inner + b0;
                if (op == ReduceOp.SUM && x instanceof CpuStorage.F32 f) {
                    sumFloats(f.data(), start, length, inner, width, acc);
                } else if (inner == 1) {
                    double v = op.identity();
                    for (int r0 = 0; r0 < length; r0 += Chunk.LENGTH) {
                        int n = Math.min(Chunk.LENGTH, length - r0);
                        Chunk.load(x, start + r0, 1, n, values);
                        v = ChunkMath.reduce(op, v, values, n);
                    }
                    acc[0] = v;
                } else {
                    java.util.Arrays.fill(acc, 0, width, op.identity());
                    for (int r = 0; r < length; r++) {
                        Chunk.load(x, start + r * inner, 1, width, values);
                        ChunkMath.accumulate(op, acc, values, width);
                    }
                }
                Chunk.store(acc, width, out, a * inner + b0, 1);
            }
        });
    }

    /**
     * {@code acc[j]} = the sum over r of {@code data[start + r * inner + j]}, j < width, in double
     * and in row order, without the generic path's copy of every value into scratch (a global
     * average pool over [N, T, C] is a reduction of many short rows).
     */
    private static void sumFloats(float[] data, int start, int length, int inner, int width, double[] acc) {
        if (inner == 1) {
            acc[0] = sumRun(data, start, length);
            return;
        }
        java.util.Arrays.fill(acc, 0, width, 0);
        int[] starts = new int[length];
        for (int r = 0; r < length; r++) {
            starts[r] = start + r * inner;
        }
        RowSums.add(data, starts, 0, length, width, acc);
    }

    private static void reduceStrided(ReduceOp op, Tensor x, boolean[] reduced, Tensor out) {
        CpuStorage a = CpuStorage.of(x);
        CpuStorage o = CpuStorage.of(out);
        int[] shape = x.shape();
        int[] strides = x.strides();
        int keptRank = 0;
        int reducedRank = 0;
        for (boolean r : reduced) {
            if (r) {
                reducedRank++;
            } else {
                keptRank++;
            }
        }
        int[] keptShape = new int[keptRank];
        int[] keptStrides = new int[keptRank];
        int[] redShape = new int[reducedRank];
        int[] redStrides = new int[reducedRank];
        int reductionLength = 1;
        for (int d = 0, k = 0, r = 0; d < shape.length; d++) {
            if (reduced[d]) {
                redShape[r] = shape[d];
                redStrides[r++] = strides[d];
                reductionLength *= shape[d];
            } else {
                keptShape[k] = shape[d];
                keptStrides[k++] = strides[d];
            }
        }
        int[] outStrides = dev.lathe.engine.Shapes.contiguousStrides(keptShape);
        boolean empty = reductionLength == 0;
        StridedCursor.forEach(keptShape, new int[][] {outStrides, keptStrides}, new int[] {0, x.offset()}, Math.max(reductionLength, 1),
                (n, off, step) -> {
                    for (int j = 0; j < n; j++) {
                        double[] acc = {op.identity()};
                        if (!empty) {
                            StridedCursor inner = new StridedCursor(redShape, new int[][] {redStrides},
                                    new int[] {off[1] + j * step[1]});
                            inner.runAll((len, io, is) -> {
                                double v = acc[0];
                                for (int i = 0; i < len; i++) {
                                    v = op.combine(v, a.get(io[0] + i * is[0]));
                                }
                                acc[0] = v;
                            });
                        }
                        o.set(off[0] + j * step[0], acc[0]);
                    }
                });
    }

    static void argmax(Tensor x, int axis, Tensor out) {
        CpuStorage a = CpuStorage.of(x);
        CpuStorage o = CpuStorage.of(out);
        int[] shape = x.shape();
        int[] strides = x.strides();
        int[] keptShape = new int[shape.length - 1];
        int[] keptStrides = new int[shape.length - 1];
        for (int d = 0, k = 0; d < shape.length; d++) {
            if (d != axis) {
                keptShape[k] = shape[d];
                keptStrides[k++] = strides[d];
            }
        }
        int length = shape[axis];
        int axisStride = strides[axis];
        int[] outStrides = dev.lathe.engine.Shapes.contiguousStrides(keptShape);
        StridedCursor.forEach(keptShape, new int[][] {outStrides, keptStrides}, new int[] {0, x.offset()}, length,
                (n, off, step) -> {
                    for (int j = 0; j < n; j++) {
                        int start = off[1] + j * step[1];
                        int best = 0;
                        double bestValue = a.get(start);
                        for (int i = 1; i < length && !Double.isNaN(bestValue); i++) {
                            double v = a.get(start + i * axisStride);
                            if (v > bestValue || Double.isNaN(v)) {
                                best = i;
                                bestValue = v;
                            }
                        }
                        o.set(off[0] + j * step[0], best);
                    }
                });
    }
}
