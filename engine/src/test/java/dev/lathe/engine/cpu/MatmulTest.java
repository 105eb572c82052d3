package dev.lathe.engine.cpu;

import static dev.lathe.engine.TestTensors.assertWithinBound;
import static dev.lathe.engine.TestTensors.broadcastShape;
import static dev.lathe.engine.TestTensors.numel;
import static dev.lathe.engine.TestTensors.random;
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
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Matrix products against a naive triple loop, over every operand layout BLAS can read directly
 * (transposed, narrowed with an offset and a long leading dimension) and the ones it cannot (copied).
 *
 * <p>Tolerance: OpenBLAS sums k products in its own order, in the operands' precision, so each
 * result is within about k * u * sum_k |a_ik b_kj| of the exact value (the standard forward error
 * bound); the tests allow 2k of those.
 */
class MatmulTest {

    private static final Backend CPU = Backends.cpu();

    /** Naive batched product with NumPy batch broadcasting; fills {@code absBound} with sum |a_ik b_kj|. */
    private static double[] naive(double[] a, int[] as, double[] b, int[] bs, double[][] absBound) {
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        int[] batchA = Arrays.copyOf(as, as.length - 2);
        int[] batchB = Arrays.copyOf(bs, bs.length - 2);
        int[] batch = broadcastShape(batchA, batchB);
        int batches = numel(batch);
        double[] out = new double[batches * m * n];
        absBound[0] = new double[out.length];
        for (int bi = 0; bi < batches; bi++) {
            int[] idx = unravel(bi, batch);
            int offA = batchOffset(idx, batchA) * m * k;
            int offB = batchOffset(idx, batchB) * k * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    double abs = 0;
                    for (int p = 0; p < k; p++) {
                        double t = a[offA + i * k + p] * b[offB + p * n + j];
                        s += t;
                        abs += Math.abs(t);
                    }
                    out[(bi * m + i) * n + j] = s;
                    absBound[0][(bi * m + i) * n + j] = abs;
                }
            }
        }
        return out;
    }

    /** Flat batch index into an operand whose batch shape broadcasts to idx's. */
    private static int batchOffset(int[] idx, int[] batchShape) {
        int lead = idx.length - batchShape.length;
        int[] own = new int[batchShape.length];
        for (int d = 0; d < own.length; d++) {
            own[d] = batchShape[d] == 1 ? 0 : idx[d + lead];
        }
        return ravel(own, batchShape);
    }

    private static int[] outShape(int[] as, int[] bs) {
        int[] batch = broadcastShape(Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        int[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = as[as.length - 2];
        out[batch.length + 1] = bs[bs.length - 1];
        return out;
    }

    private static void check(DType dtype, int[] as, Layout la, int[] bs, Layout lb, long seed) {
        double[] a = random(seed, dtype, numel(as), -1, 1);
        double[] b = random(seed + 1, dtype, numel(bs), -1, 1);
        Tensor ta = withLayout(la, a, dtype, as);
        Tensor tb = withLayout(lb, b, dtype, bs);
        double[] aBefore = storageCopy((CpuStorage) ta.storage());
        double[] bBefore = storageCopy((CpuStorage) tb.storage());
        double[][] bound = new double[1][];
        double[] expected = naive(a, as, b, bs, bound);
        String what = dtype + " " + Arrays.toString(as) + " " + la + " @ " + Arrays.toString(bs) + " " + lb;
        Tensor out = CPU.matmul(ta, tb);
        assertArrayEquals(outShape(as, bs), out.shape(), what);
        assertEquals(dtype, out.dtype(), what);
        assertWithinBound(expected, bound[0], 2.0 * as[as.length - 1], out, what);
        // the operands (and the NaN padding around narrowed ones) are only read
        assertArrayEquals(aBefore, storageCopy((CpuStorage) ta.storage()), what + ": left operand's storage changed");
        assertArrayEquals(bBefore, storageCopy((CpuStorage) tb.storage()), what + ": right operand's storage changed");
    }

    private static double[] storageCopy(CpuStorage s) {
        double[] v = new double[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = s.get(i);
        }
        return v;
    }

    private static final int[][][] SHAPES = {
            {{1, 1}, {1, 1}},
            {{37, 53}, {53, 29}},
            {{1, 53}, {53, 29}},
            {{37, 53}, {53, 1}},
            {{1, 7}, {7, 1}},
            {{6, 1}, {1, 5}},
            {{4, 5, 6}, {4, 6, 3}},
            {{3, 5, 6}, {6, 4}},
            {{3, 5, 6}, {1, 6, 4}},
            {{2, 3, 5, 6}, {6, 4}},
            {{5, 6}, {3, 6, 4}},
            {{2, 1, 5, 6}, {3, 6, 4}},
            {{1, 9, 2}, {4, 2, 9}},
    };

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void contiguousOperandsMatchNaive(DType dtype) {
        long seed = 100;
        for (int[][] s : SHAPES) {
            check(dtype, s[0], Layout.CONTIGUOUS, s[1], Layout.CONTIGUOUS, seed++);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void everyCombinationOfOperandLayoutsMatchesNaive(DType dtype) {
        // PERMUTED reverses all dims: the matrix dims read transposed (BLAS 'T') and the batch dims permuted;
        // NARROWED starts at a non-zero offset with a leading dimension longer than the row;
        // rank-1 patterns are covered through the 1-d tests below
        long seed = 200;
        for (int[][] s : SHAPES) {
            for (Layout la : Layout.values()) {
                for (Layout lb : Layout.values()) {
                    check(dtype, s[0], la, s[1], lb, seed++);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void narrowedOperandsReadFromTheirOffsets(DType dtype) {
        // windows cut out of larger matrices at different offsets, in both orientations: the GEMM must
        // start at the window's first element and step rows by the parent's row length
        double[] big = random(300, dtype, 40 * 60, -1, 1);
        Tensor parent = tensor(big, dtype, 40, 60);
        for (int[] window : new int[][] {{0, 0}, {2, 3}, {3, 7}, {1, 0}, {0, 5}}) {
            int r0 = window[0];
            int c0 = window[1];
            Tensor a = parent.narrow(0, r0, 37).narrow(1, c0, 53);
            Tensor b = parent.narrow(0, r0, 29).narrow(1, c0, 53).transpose(0, 1); // [53, 29], transposed window
            assertEquals(r0 * 60 + c0, a.offset());
            double[] av = new double[37 * 53];
            double[] bv = new double[53 * 29];
            for (int i = 0; i < 37; i++) {
                for (int j = 0; j < 53; j++) {
                    av[i * 53 + j] = big[(r0 + i) * 60 + c0 + j];
                }
            }
            for (int p = 0; p < 53; p++) {
                for (int j = 0; j < 29; j++) {
                    bv[p * 29 + j] = big[(r0 + j) * 60 + c0 + p];
                }
            }
            double[][] bound = new double[1][];
            double[] expected = naive(av, new int[] {37, 53}, bv, new int[] {53, 29}, bound);
            String what = dtype + " window at " + Arrays.toString(window);
            assertWithinBound(expected, bound[0], 2 * 53, CPU.matmul(a, b), what);
            // a column window: one element per row, rows 60 apart
            Tensor column = parent.narrow(1, c0 + 2, 1).narrow(0, r0, 37);
            double[] cv = new double[37];
            for (int i = 0; i < 37; i++) {
                cv[i] = big[(r0 + i) * 60 + c0 + 2];
            }
            double[] row = random(301, dtype, 5, -1, 1);
            expected = naive(cv, new int[] {37, 1}, row, new int[] {1, 5}, bound);
            assertWithinBound(expected, bound[0], 2, CPU.matmul(column, tensor(row, dtype, 1, 5)), what + " column");
        }
    }

    /** A [B, r, c] tensor holding {@code v} whose last two dims are stored transposed (strides [r*c, 1, r]). */
    private static Tensor lastTwoTransposed(double[] v, DType dtype, int b, int r, int c) {
        double[] stored = new double[v.length];
        for (int i = 0; i < b; i++) {
            for (int y = 0; y < r; y++) {
                for (int x = 0; x < c; x++) {
                    stored[(i * c + x) * r + y] = v[(i * r + y) * c + x];
                }
            }
        }
        return tensor(stored, dtype, b, c, r).transpose(1, 2);
    }

    /** A [B, r, c] tensor holding {@code v} stored as [r, B, c] (batch stride c, row stride B*c). */
    private static Tensor batchInside(double[] v, DType dtype, int b, int r, int c) {
        double[] stored = new double[v.length];
        for (int i = 0; i < b; i++) {
            for (int y = 0; y < r; y++) {
                System.arraycopy(v, (i * r + y) * c, stored, (y * b + i) * c, c);
            }
        }
        return tensor(stored, dtype, r, b, c).permute(1, 0, 2);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void batchedOperandsWithTransposedOrInterleavedMatricesAreReadInPlace(DType dtype) {
        int b = 3;
        int m = 5;
        int k = 7;
        int n = 4;
        double[] a = random(410, dtype, b * m * k, -1, 1);
        double[] w = random(411, dtype, b * k * n, -1, 1);
        double[][] bound = new double[1][];
        double[] expected = naive(a, new int[] {b, m, k}, w, new int[] {b, k, n}, bound);
        Tensor[] lefts = {lastTwoTransposed(a, dtype, b, m, k), batchInside(a, dtype, b, m, k), tensor(a, dtype, b, m, k)};
        Tensor[] rights = {lastTwoTransposed(w, dtype, b, k, n), batchInside(w, dtype, b, k, n), tensor(w, dtype, b, k, n)};
        for (int i = 0; i < lefts.length; i++) {
            for (int j = 0; j < rights.length; j++) {
                assertWithinBound(expected, bound[0], 2 * k, CPU.matmul(lefts[i], rights[j]),
                        dtype + " left " + Arrays.toString(lefts[i].strides()) + " right " + Arrays.toString(rights[j].strides()));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void largeProductsOnOpenBlasThreadsMatchNaive(DType dtype) {
        check(dtype, new int[] {200, 300}, Layout.NARROWED, new int[] {300, 150}, Layout.PERMUTED, 420);
        check(dtype, new int[] {2, 160, 96}, Layout.OFFSET, new int[] {96, 130}, Layout.CONTIGUOUS, 421);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void longSumsForSmallResultsSplitAlongTheSumMatchNaive(DType dtype) {
        // k at least four times the larger side and enough work to split: two products over the halves of k
        for (Layout la : new Layout[] {Layout.CONTIGUOUS, Layout.PERMUTED, Layout.NARROWED}) {
            for (Layout lb : new Layout[] {Layout.CONTIGUOUS, Layout.PERMUTED}) {
                check(dtype, new int[] {64, 2101}, la, new int[] {2101, 64}, lb, 430);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void expandedOperandsAreBroadcastNotMisread(DType dtype) {
        // batch dimension of stride 0
        double[] a = random(400, dtype, 5 * 6, -1, 1);
        double[] b = random(401, dtype, 3 * 6 * 4, -1, 1);
        Tensor ta = tensor(a, dtype, 1, 5, 6).expand(3, 5, 6);
        double[][] bound = new double[1][];
        double[] expected = naive(a, new int[] {1, 5, 6}, b, new int[] {3, 6, 4}, bound);
        assertWithinBound(expected, bound[0], 12, CPU.matmul(ta, tensor(b, dtype, 3, 6, 4)), dtype + " expanded batch");
        // stride 0 inside the matrix: every row of a is the same row, every column of b the same column
        double[] row = random(402, dtype, 6, -1, 1);
        double[] col = random(403, dtype, 6, -1, 1);
        Tensor rows = tensor(row, dtype, 1, 6).expand(5, 6);
        Tensor cols = tensor(col, dtype, 6, 1).expand(6, 4);
        double[] full = new double[5 * 6];
        for (int i = 0; i < 30; i++) {
            full[i] = row[i % 6];
        }
        double[] fullB = new double[6 * 4];
        for (int i = 0; i < 24; i++) {
            fullB[i] = col[i / 4];
        }
        expected = naive(full, new int[] {5, 6}, fullB, new int[] {6, 4}, bound);
        assertWithinBound(expected, bound[0], 12, CPU.matmul(rows, cols), dtype + " expanded rows and columns");
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void oneDimensionalOperandsFollowTorchMatmul(DType dtype) {
        double[] v = random(500, dtype, 7, -1, 1);
        double[] m = random(502, dtype, 7 * 4, -1, 1);
        double[] mt = random(503, dtype, 3 * 7, -1, 1);
        double[] batched = random(504, dtype, 2 * 3 * 7, -1, 1);
        double[][] bound = new double[1][];
        for (Layout layout : Layout.values()) {
            String what = dtype + " " + layout;
            // [k] @ [k, n] -> [n]
            Tensor vm = withLayout(layout, v, dtype, 7).matmul(withLayout(layout, m, dtype, 7, 4));
            assertArrayEquals(new int[] {4}, vm.shape(), what);
            double[] expected = naive(v, new int[] {1, 7}, m, new int[] {7, 4}, bound);
            assertWithinBound(expected, bound[0], 14, vm, what + " vector @ matrix");
            // [m, k] @ [k] -> [m]
            Tensor mv = withLayout(layout, mt, dtype, 3, 7).matmul(withLayout(layout, v, dtype, 7));
            assertArrayEquals(new int[] {3}, mv.shape(), what);
            expected = naive(mt, new int[] {3, 7}, v, new int[] {7, 1}, bound);
            assertWithinBound(expected, bound[0], 14, mv, what + " matrix @ vector");
            // [B, m, k] @ [k] -> [B, m]
            Tensor bv = withLayout(layout, batched, dtype, 2, 3, 7).matmul(withLayout(layout, v, dtype, 7));
            assertArrayEquals(new int[] {2, 3}, bv.shape(), what);
            expected = naive(batched, new int[] {2, 3, 7}, v, new int[] {7, 1}, bound);
            assertWithinBound(expected, bound[0], 14, bv, what + " batch @ vector");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void twoVectorsGiveTheirDotProductAsAScalar(DType dtype) {
        double[] v = random(505, dtype, 7, -1, 1);
        double[] w = random(506, dtype, 7, -1, 1);
        double[][] bound = new double[1][];
        double[] expected = naive(v, new int[] {1, 7}, w, new int[] {7, 1}, bound);
        for (Layout layout : Layout.values()) {
            Tensor dot = withLayout(layout, v, dtype, 7).matmul(withLayout(layout, w, dtype, 7));
            assertEquals(0, dot.dim(), dtype + " " + layout);
            assertWithinBound(expected, bound[0], 14, dot, dtype + " " + layout + " dot");
        }
    }

    @Test
    void anEmptyInnerDimensionGivesZeros() {
        for (DType dtype : new DType[] {DType.F32, DType.F64}) {
            // each time after a product that leaves old values in the staging buffers, which must not leak into the result
            for (int[] mn : new int[][] {{3, 4}, {1, 4}, {3, 1}, {1, 1}}) {
                CPU.matmul(tensor(random(600, dtype, 12, 1, 2), dtype, 3, 4), tensor(random(601, dtype, 16, 1, 2), dtype, 4, 4));
                Tensor out = CPU.matmul(CPU.empty(dtype, mn[0], 0), CPU.empty(dtype, 0, mn[1]));
                assertArrayEquals(mn, out.shape());
                assertArrayEquals(new double[mn[0] * mn[1]], out.toDoubleArray(), dtype + " k = 0, " + Arrays.toString(mn));
            }
            assertEquals(0, CPU.matmul(CPU.empty(dtype, 0, 5), CPU.empty(dtype, 5, 2)).numel());
        }
    }

    @Test
    void alternatingSizesReuseStagingMemoryCorrectly() {
        // large, small, large again: staging buffers grow once and are then reused with stale contents beyond the used part
        for (int[] mkn : new int[][] {{64, 80, 48}, {3, 2, 5}, {1, 1, 1}, {50, 90, 70}, {7, 3, 2}}) {
            for (DType dtype : new DType[] {DType.F32, DType.F64}) {
                check(dtype, new int[] {mkn[0], mkn[1]}, Layout.NARROWED, new int[] {mkn[1], mkn[2]}, Layout.PERMUTED, mkn[0] * 7L + mkn[2]);
            }
        }
    }

    @Test
    void mismatchedShapesAndDtypesGiveClearErrors() {
        Tensor a = CPU.empty(DType.F32, 2, 3);
        Tensor b = CPU.empty(DType.F32, 4, 5);
        IllegalArgumentException inner = assertThrows(IllegalArgumentException.class, () -> CPU.matmul(a, b));
        assertTrue(inner.getMessage().contains("[2, 3]") && inner.getMessage().contains("[4, 5]"), inner.getMessage());
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> CPU.matmul(CPU.empty(DType.F32, 2, 2, 3), CPU.empty(DType.F32, 3, 3, 4)));
        assertTrue(batch.getMessage().contains("[2]") && batch.getMessage().contains("[3]"), batch.getMessage());
        IllegalArgumentException dtypes = assertThrows(IllegalArgumentException.class,
                () -> CPU.matmul(a, CPU.empty(DType.F64, 3, 4)));
        assertTrue(dtypes.getMessage().contains("F32") && dtypes.getMessage().contains("F64"), dtypes.getMessage());
    }
}
