package dev.lathe.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.Shapes;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The cuBLAS arguments of {@link GemmPlan}, run through a Java model of column-major
 * cublasSgemmStridedBatched (including its leading-dimension checks) and compared with a naive
 * row-major batched product read through the operands' strides.
 */
class GemmPlanTest {

    /** A strided view over a float buffer. */
    private record View(float[] data, int[] shape, int[] strides, int offset) {

        static View contiguous(Random random, int... shape) {
            float[] data = new float[Shapes.numel(shape)];
            for (int i = 0; i < data.length; i++) {
                data[i] = random.nextInt(19) - 9;
            }
            return new View(data, shape, Shapes.contiguousStrides(shape), 0);
        }

        /** Swaps the last two dimensions, as a transposed view does. */
        View transposed() {
            int r = shape.length;
            int[] s = shape.clone();
            int[] st = strides.clone();
            s[r - 2] = shape[r - 1];
            s[r - 1] = shape[r - 2];
            st[r - 2] = strides[r - 1];
            st[r - 1] = strides[r - 2];
            return new View(data, s, st, offset);
        }

        float at(int[] index) {
            int position = offset;
            for (int d = 0; d < index.length; d++) {
                position += index[d] * strides[d];
            }
            return data[position];
        }

        /** The view broadcast to {@code target} (stride 0 on broadcast dimensions). */
        View expanded(int[] target) {
            return new View(data, target, Shapes.broadcastStrides(shape, strides, target), offset);
        }

        /** A contiguous copy. */
        View dense() {
            float[] out = new float[Shapes.numel(shape)];
            int[] index = new int[shape.length];
            for (int i = 0; i < out.length; i++) {
                unflatten(i, shape, index);
                out[i] = at(index);
            }
            return new View(out, shape, Shapes.contiguousStrides(shape), 0);
        }
    }

    private static void unflatten(int flat, int[] shape, int[] index) {
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
    }

    /** Row-major batched product with NumPy broadcasting, straight from the definition. */
    private static float[] naive(View a, View b, int[] outShape) {
        int r = outShape.length;
        int k = a.shape()[a.shape().length - 1];
        View ea = a.expanded(withLast(outShape, a.shape()));
        View eb = b.expanded(withLast(outShape, b.shape()));
        float[] out = new float[Shapes.numel(outShape)];
        int[] index = new int[r];
        for (int i = 0; i < out.length; i++) {
            unflatten(i, outShape, index);
            float sum = 0;
            for (int l = 0; l < k; l++) {
                int[] ia = index.clone();
                ia[r - 1] = l;
                int[] ib = index.clone();
                ib[r - 2] = l;
                sum += ea.at(ia) * eb.at(ib);
            }
            out[i] = sum;
        }
        return out;
    }

    private static int[] withLast(int[] outShape, int[] operand) {
        int[] s = outShape.clone();
        s[s.length - 2] = operand[operand.length - 2];
        s[s.length - 1] = operand[operand.length - 1];
        return s;
    }

    /** cublasSgemmStridedBatched as documented: column-major, op(A) m×k, op(B) k×n, C m×n; alpha 1, beta 0. */
    private static void sgemmStridedBatched(boolean transA, boolean transB, int m, int n, int k, float[] a, int offA, int lda,
                                            long strideA, float[] b, int offB, int ldb, long strideB, float[] c, int ldc, long strideC,
                                            int batch) {
        assertTrue(lda >= Math.max(1, transA ? k : m), "lda " + lda);
        assertTrue(ldb >= Math.max(1, transB ? n : k), "ldb " + ldb);
        assertTrue(ldc >= Math.max(1, m), "ldc " + ldc);
        for (int p = 0; p < batch; p++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float sum = 0;
                    for (int l = 0; l < k; l++) {
                        float x = transA ? a[(int) (offA + p * strideA + l + (long) i * lda)] : a[(int) (offA + p * strideA + i + (long) l * lda)];
                        float y = transB ? b[(int) (offB + p * strideB + j + (long) l * ldb)] : b[(int) (offB + p * strideB + l + (long) j * ldb)];
                        sum += x * y;
                    }
                    c[(int) (p * strideC + i + (long) j * ldc)] = sum;
                }
            }
        }
    }

    /** What CublasMatmul does: the plan's call (B first, A second, m and n swapped), with the copy fallback. */
    private static float[] viaCublas(View a, View b) {
        GemmPlan plan = GemmPlan.of(a.shape(), a.strides(), b.shape(), b.strides());
        View ua = plan.a() != null ? a : a.expanded(plan.expandedShape(a.shape())).dense();
        View ub = plan.b() != null ? b : b.expanded(plan.expandedShape(b.shape())).dense();
        GemmPlan p = GemmPlan.of(ua.shape(), ua.strides(), ub.shape(), ub.strides());
        assertNotNull(p.a());
        assertNotNull(p.b());
        float[] c = new float[Shapes.numel(p.outShape())];
        sgemmStridedBatched(p.b().transposed(), p.a().transposed(), p.n(), p.m(), p.k(), ub.data(), ub.offset(), p.b().leading(),
                p.b().batchStride(), ua.data(), ua.offset(), p.a().leading(), p.a().batchStride(), c, p.n(), (long) p.m() * p.n(),
                p.batchCount());
        return c;
    }

    private static void agrees(View a, View b) {
        GemmPlan plan = GemmPlan.of(a.shape(), a.strides(), b.shape(), b.strides());
        float[] expected = naive(a, b, plan.outShape());
        float[] actual = viaCublas(a, b);
        assertEquals(Arrays.toString(expected), Arrays.toString(actual),
                "[" + Shapes.format(a.shape()) + "] strides " + Arrays.toString(a.strides()) + " @ [" + Shapes.format(b.shape())
                        + "] strides " + Arrays.toString(b.strides()));
    }

    private final Random random = new Random(5);

    @Test
    void plainMatricesAreReadInPlaceUntransposed() {
        View a = View.contiguous(random, 3, 4);
        View b = View.contiguous(random, 4, 5);
        GemmPlan plan = GemmPlan.of(a.shape(), a.strides(), b.shape(), b.strides());
        assertEquals(new GemmPlan.Operand(false, 4, 0), plan.a());
        assertEquals(new GemmPlan.Operand(false, 5, 0), plan.b());
        assertEquals(1, plan.batchCount());
        agrees(a, b);
    }

    @Test
    void transposedViewsArePassedTransposedWithoutACopy() {
        View at = View.contiguous(random, 4, 3).transposed();
        View bt = View.contiguous(random, 5, 4).transposed();
        GemmPlan plan = GemmPlan.of(at.shape(), at.strides(), bt.shape(), bt.strides());
        assertEquals(new GemmPlan.Operand(true, 3, 0), plan.a());
        assertEquals(new GemmPlan.Operand(true, 4, 0), plan.b());
        agrees(at, bt);
        agrees(at, View.contiguous(random, 4, 5));
        agrees(View.contiguous(random, 3, 4), bt);
    }

    @Test
    void rowsNarrowedOutOfAWiderMatrixKeepTheirRowStride() {
        View wide = View.contiguous(random, 4, 9);
        View a = new View(wide.data(), new int[] {3, 4}, new int[] {9, 1}, 11); // rows 1..3, columns 2..5
        assertEquals(9, GemmPlan.of(a.shape(), a.strides(), new int[] {4, 2}, new int[] {2, 1}).a().leading());
        agrees(a, View.contiguous(random, 4, 2));
        agrees(View.contiguous(random, 2, 3), new View(wide.data(), new int[] {3, 4}, new int[] {9, 1}, 3));
    }

    @Test
    void batchesStepWithOneStrideAndBroadcastOperandsWithStrideZero() {
        View a = View.contiguous(random, 2, 3, 4);
        View b = View.contiguous(random, 2, 4, 5);
        GemmPlan plan = GemmPlan.of(a.shape(), a.strides(), b.shape(), b.strides());
        assertEquals(12, plan.a().batchStride());
        assertEquals(20, plan.b().batchStride());
        assertEquals(2, plan.batchCount());
        agrees(a, b);
        View shared = View.contiguous(random, 4, 5);
        assertEquals(0, GemmPlan.of(a.shape(), a.strides(), shared.shape(), shared.strides()).b().batchStride());
        agrees(a, shared);
        agrees(View.contiguous(random, 1, 3, 4), View.contiguous(random, 6, 4, 5));
        agrees(View.contiguous(random, 2, 3, 3, 4), View.contiguous(random, 2, 3, 4, 2).transposed().transposed());
        agrees(View.contiguous(random, 2, 3, 4, 3).transposed(), View.contiguous(random, 3, 4, 5));
    }

    @Test
    void batchDimensionsThatNoSingleStrideWalksAreCopied() {
        View a = View.contiguous(random, 2, 1, 3, 4); // over batch [2, 3]: strides [12, 0]
        View b = View.contiguous(random, 1, 3, 4, 5); // over batch [2, 3]: strides [0, 20]
        GemmPlan plan = GemmPlan.of(a.shape(), a.strides(), b.shape(), b.strides());
        assertNull(plan.a());
        assertNull(plan.b());
        assertEquals(6, plan.batchCount());
        assertEquals("2, 3, 3, 4", Shapes.format(plan.expandedShape(a.shape())));
        agrees(a, b);
        // batch dimensions permuted: strides [mk, 3mk] run backwards
        View permuted = new View(View.contiguous(random, 3, 2, 3, 4).data(), new int[] {2, 3, 3, 4}, new int[] {12, 24, 4, 1}, 0);
        assertNull(GemmPlan.of(permuted.shape(), permuted.strides(), b.shape(), b.strides()).a());
        agrees(permuted, b);
    }

    @Test
    void matricesWithNoUnitStrideAreCopied() {
        View every2nd = new View(View.contiguous(random, 24).data(), new int[] {3, 4}, new int[] {8, 2}, 0);
        assertNull(GemmPlan.of(every2nd.shape(), every2nd.strides(), new int[] {4, 2}, new int[] {2, 1}).a());
        agrees(every2nd, View.contiguous(random, 4, 2));
    }

    @Test
    void vectorsAndSingleColumnsGetValidLeadingDimensions() {
        agrees(View.contiguous(random, 1, 4), View.contiguous(random, 4, 1));
        agrees(View.contiguous(random, 5, 1), View.contiguous(random, 1, 3));
        agrees(View.contiguous(random, 1, 4).transposed().transposed(), View.contiguous(random, 1, 4).transposed());
        // a column picked out of a matrix: shape [4, 1], strides [3, 1]; and a row [1, 4] with row stride 99
        View column = new View(View.contiguous(random, 4, 3).data(), new int[] {4, 1}, new int[] {3, 1}, 1);
        agrees(View.contiguous(random, 2, 4), column);
        View row = new View(View.contiguous(random, 200).data(), new int[] {1, 4}, new int[] {99, 1}, 7);
        agrees(row, View.contiguous(random, 4, 3));
    }

    @Test
    void mismatchedShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> GemmPlan.of(new int[] {3, 4}, new int[] {4, 1}, new int[] {5, 2}, new int[] {2, 1}));
        assertThrows(IllegalArgumentException.class, () -> GemmPlan.of(new int[] {4}, new int[] {1}, new int[] {4, 2}, new int[] {2, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> GemmPlan.of(new int[] {2, 3, 4}, new int[] {12, 4, 1}, new int[] {3, 4, 2}, new int[] {8, 2, 1}));
    }
}
