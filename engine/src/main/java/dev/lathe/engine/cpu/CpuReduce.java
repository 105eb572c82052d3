package dev.lathe.engine.cpu;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.ReduceOp;

/** Reductions over a set of axes, accumulating in double precision; and argmax along one axis. */
final class CpuReduce {

    private CpuReduce() {
    }

    /** Reduces {@code x} over {@code reduced[d]} axes into the contiguous {@code out} whose shape keeps the other axes (size 1 or dropped). */
    static void reduce(ReduceOp op, Tensor x, boolean[] reduced, Tensor out) {
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
