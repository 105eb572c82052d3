package dev.lathe.engine.cpu;

import static dev.lathe.engine.TestTensors.assertWithinBound;
import static dev.lathe.engine.TestTensors.broadcastTo;
import static dev.lathe.engine.TestTensors.numel;
import static dev.lathe.engine.TestTensors.random;
import static dev.lathe.engine.TestTensors.randomIntegers;
import static dev.lathe.engine.TestTensors.ravel;
import static dev.lathe.engine.TestTensors.tensor;
import static dev.lathe.engine.TestTensors.unravel;
import static dev.lathe.engine.TestTensors.withLayout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.TestTensors.Layout;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.backend.Backends;
import dev.lathe.engine.backend.ReduceOp;
import dev.lathe.engine.ops.Reductions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sum, max, min over axis sets and argmax along one axis, against naive loops over every element. */
class ReductionTest {

    private static final Backend CPU = Backends.cpu();
    private static final int[] SHAPE = {3, 4, 5};
    private static final int[][] AXES = {{0}, {1}, {2}, {-1}, {0, 2}, {1, 2}, {2, 0}, {0, 1, 2}};

    private static boolean[] reducedFlags(int rank, int[] axes) {
        boolean[] r = new boolean[rank];
        for (int a : axes) {
            r[a < 0 ? a + rank : a] = true;
        }
        return r;
    }

    private static int[] reducedShape(int[] shape, boolean[] reduced, boolean keepDims) {
        int[] out = new int[shape.length];
        int k = 0;
        for (int d = 0; d < shape.length; d++) {
            if (keepDims) {
                out[k++] = reduced[d] ? 1 : shape[d];
            } else if (!reduced[d]) {
                out[k++] = shape[d];
            }
        }
        return Arrays.copyOf(out, k);
    }

    /** Index of the output element an input index reduces into (the reduced axes set to 0, shape with 1 there). */
    private static int outputIndex(int[] idx, int[] shape, boolean[] reduced) {
        int[] o = idx.clone();
        int[] os = shape.clone();
        for (int d = 0; d < shape.length; d++) {
            if (reduced[d]) {
                o[d] = 0;
                os[d] = 1;
            }
        }
        return ravel(o, os);
    }

    /** Naive reduction; also returns sum |x| per output in {@code absSum}. */
    private static double[] naive(ReduceOp op, double[] x, int[] shape, boolean[] reduced, double[] absSum) {
        int outCount = numel(reducedShape(shape, reduced, true));
        double[] out = new double[outCount];
        Arrays.fill(out, op == ReduceOp.SUM ? 0 : op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        for (int flat = 0; flat < x.length; flat++) {
            int o = outputIndex(unravel(flat, shape), shape, reduced);
            out[o] = switch (op) {
                case SUM -> out[o] + x[flat];
                case MAX -> Math.max(out[o], x[flat]);
                case MIN -> Math.min(out[o], x[flat]);
            };
            absSum[o] += Math.abs(x[flat]);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void reduceOverSingleAndMultipleAxesMatchesNaive(ReduceOp op) {
        for (DType dtype : new DType[] {DType.F32, DType.F64}) {
            double[] x = random(61, dtype, numel(SHAPE), -3, 3);
            for (int[] axes : AXES) {
                boolean[] reduced = reducedFlags(SHAPE.length, axes);
                double[] absSum = new double[numel(reducedShape(SHAPE, reduced, true))];
                double[] expected = naive(op, x, SHAPE, reduced, absSum);
                int length = x.length / expected.length;
                for (boolean keepDims : new boolean[] {true, false}) {
                    for (Layout layout : Layout.values()) {
                        String what = op + " " + dtype + " axes " + Arrays.toString(axes) + " keepDims " + keepDims + " " + layout;
                        Tensor out = CPU.reduce(op, withLayout(layout, x, dtype, SHAPE), axes, keepDims);
                        assertArrayEquals(reducedShape(SHAPE, reduced, keepDims), out.shape(), what);
                        assertEquals(dtype, out.dtype(), what);
                        // a sum of n terms in any order is within n * u * sum|x| of the exact sum (max/min are exact)
                        assertWithinBound(expected, absSum, op == ReduceOp.SUM ? length : 0, out, what);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void reduceReadsExpandedInputs(ReduceOp op) {
        // base [3, 1, 5] expanded to [3, 4, 5]: the size-4 axis has stride 0
        double[] base = random(62, DType.F64, 15, -3, 3);
        Tensor x = tensor(base, DType.F64, 3, 1, 5).expand(3, 4, 5);
        double[] full = broadcastTo(base, new int[] {3, 1, 5}, SHAPE);
        for (int[] axes : AXES) {
            boolean[] reduced = reducedFlags(3, axes);
            double[] absSum = new double[numel(reducedShape(SHAPE, reduced, true))];
            double[] expected = naive(op, full, SHAPE, reduced, absSum);
            assertWithinBound(expected, absSum, op == ReduceOp.SUM ? 60 : 0, CPU.reduce(op, x, axes, false),
                    op + " expanded axes " + Arrays.toString(axes));
        }
    }

    @Test
    void sumOfManyRowsOfManyColumnsMatchesNaive() {
        // the contiguous F32 sum adds 8 columns at a time over blocks of rows: more rows than a block,
        // column counts with and without a remainder of 8, and more columns than one chunk
        int[][] shapes = {{3, 300, 21}, {2, 129, 16}, {2, 3, 1030}, {300, 24}};
        for (int[] shape : shapes) {
            int axis = shape.length - 2;
            double[] x = random(64, DType.F32, numel(shape), -3, 3);
            boolean[] reduced = reducedFlags(shape.length, new int[] {axis});
            double[] absSum = new double[numel(reducedShape(shape, reduced, true))];
            double[] expected = naive(ReduceOp.SUM, x, shape, reduced, absSum);
            Tensor out = CPU.reduce(ReduceOp.SUM, tensor(x, DType.F32, shape), new int[] {axis}, false);
            assertWithinBound(expected, absSum, shape[axis], out, "sum over axis " + axis + " of " + Arrays.toString(shape));
        }
    }

    @Test
    void reduceOverALongAxisAccumulatesAccurately() {
        // 100 000 F32 terms: a float accumulator would drift by ~1e-3 relative; the bound allows n * u
        int n = 100_000;
        double[] x = random(63, DType.F32, n, 0, 1);
        double exact = 0;
        for (double v : x) {
            exact += v;
        }
        Tensor out = CPU.reduce(ReduceOp.SUM, tensor(x, DType.F32, 10, n / 10), new int[] {0, 1}, false);
        assertEquals(0, out.dim());
        assertWithinBound(new double[] {exact}, new double[] {exact}, n, out, "long F32 sum");
    }

    @Test
    void sumOverAnEmptyAxisIsZeroAndMaxOverItIsAnError() {
        Tensor x = CPU.empty(DType.F64, 3, 0);
        assertArrayEquals(new double[] {0, 0, 0}, CPU.reduce(ReduceOp.SUM, x, new int[] {1}, false).toDoubleArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CPU.reduce(ReduceOp.MAX, x, new int[] {1}, false));
        assertTrue(e.getMessage().contains("MAX") && e.getMessage().contains("[3, 0]"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> CPU.reduce(ReduceOp.SUM, x, new int[] {2}, false));
        assertTrue(bad.getMessage().contains("dimension 2"), bad.getMessage());
    }

    @Test
    void meanDividesTheSumByTheReducedCount() {
        double[] x = random(64, DType.F64, 60, -3, 3);
        double[] absSum = new double[15];
        double[] sums = naive(ReduceOp.SUM, x, SHAPE, reducedFlags(3, new int[] {1}), absSum);
        double[] expected = new double[sums.length];
        for (int i = 0; i < sums.length; i++) {
            expected[i] = sums[i] / 4;
            absSum[i] /= 4;
        }
        Tensor out = Reductions.mean(withLayout(Layout.PERMUTED, x, DType.F64, SHAPE), 1, true);
        assertArrayEquals(new int[] {3, 1, 5}, out.shape());
        assertWithinBound(expected, absSum, 8, out, "mean over axis 1");
    }

    // ---- argmax ----

    @Test
    void argmaxPicksTheFirstMaximumAlongEachAxis() {
        for (DType dtype : new DType[] {DType.F32, DType.F64, DType.I32}) {
            // small integers: many ties, so "first" matters
            double[] x = randomIntegers(65, numel(SHAPE), 0, 3);
            for (int axis = -1; axis < 3; axis++) {
                int a = axis < 0 ? axis + 3 : axis;
                boolean[] reduced = reducedFlags(3, new int[] {axis});
                int[] expected = new int[numel(reducedShape(SHAPE, reduced, true))];
                double[] best = new double[expected.length];
                Arrays.fill(best, Double.NEGATIVE_INFINITY);
                for (int flat = 0; flat < x.length; flat++) {
                    int[] idx = unravel(flat, SHAPE);
                    int o = outputIndex(idx, SHAPE, reduced);
                    if (x[flat] > best[o]) {
                        best[o] = x[flat];
                        expected[o] = idx[a];
                    }
                }
                for (boolean keepDims : new boolean[] {true, false}) {
                    for (Layout layout : Layout.values()) {
                        String what = "argmax " + dtype + " axis " + axis + " keepDims " + keepDims + " " + layout;
                        Tensor out = CPU.argmax(withLayout(layout, x, dtype, SHAPE), axis, keepDims);
                        assertEquals(DType.I32, out.dtype(), what);
                        assertArrayEquals(reducedShape(SHAPE, reduced, keepDims), out.shape(), what);
                        assertArrayEquals(expected, out.toIntArray(), what);
                    }
                }
            }
        }
    }

    @Test
    void argmaxOfAnExpandedAxisIsZero() {
        Tensor x = tensor(new double[] {1, 5, 2}, DType.F32, 3, 1).expand(3, 4);
        assertArrayEquals(new int[] {0, 0, 0}, CPU.argmax(x, 1, false).toIntArray());
        assertArrayEquals(new int[] {1, 1, 1, 1}, CPU.argmax(x, 0, false).toIntArray());
    }
}
