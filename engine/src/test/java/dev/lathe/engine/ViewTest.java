package dev.lathe.engine;

import static dev.lathe.engine.TestTensors.numel;
import static dev.lathe.engine.TestTensors.random;
import static dev.lathe.engine.TestTensors.ravel;
import static dev.lathe.engine.TestTensors.tensor;
import static dev.lathe.engine.TestTensors.unravel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Views share storage and read the right elements; copies happen only where the layout demands one; bad shapes fail clearly. */
class ViewTest {

    private static final int[] SHAPE = {2, 3, 4};
    private static final double[] V = random(1200, DType.F64, 24, -1, 1);

    private static Tensor base() {
        return tensor(V, DType.F64, SHAPE);
    }

    private static void assertMessage(Class<? extends Throwable> type, Runnable action, String... parts) {
        Throwable e = assertThrows(type, action::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should mention '" + part + "'");
        }
    }

    private static String message(Supplier<?> action) {
        return assertThrows(IllegalArgumentException.class, action::get).getMessage();
    }

    @Test
    void reshapeAndViewOfAContiguousTensorShareStorage() {
        Tensor x = base();
        for (int[] shape : new int[][] {{6, 4}, {24}, {4, 3, 2}, {2, 12}, {1, 24, 1}}) {
            Tensor r = x.reshape(shape);
            assertSame(x.storage(), r.storage());
            assertArrayEquals(shape, r.shape());
            assertArrayEquals(V, r.toDoubleArray());
            Tensor v = x.view(shape);
            assertSame(x.storage(), v.storage());
            assertArrayEquals(V, v.toDoubleArray());
        }
    }

    @Test
    void minusOneIsInferred() {
        Tensor x = base();
        assertArrayEquals(new int[] {6, 4}, x.reshape(-1, 4).shape());
        assertArrayEquals(new int[] {2, 12}, x.reshape(2, -1).shape());
        assertArrayEquals(new int[] {24}, x.reshape(-1).shape());
        assertArrayEquals(new int[] {2, 3, 2, 2}, x.view(2, 3, -1, 2).shape());
        assertSame(x.storage(), x.reshape(-1).storage());
    }

    @Test
    void impossibleShapesGiveClearErrors() {
        Tensor x = base();
        String wrongCount = message(() -> x.reshape(5, 5));
        assertTrue(wrongCount.contains("[5, 5]") && wrongCount.contains("[2, 3, 4]"), wrongCount);
        String notDivisible = message(() -> x.reshape(-1, 5));
        assertTrue(notDivisible.contains("[-1, 5]"), notDivisible);
        String twoUnknown = message(() -> x.reshape(-1, -1));
        assertTrue(twoUnknown.contains("only one dimension may be -1"), twoUnknown);
        String negative = message(() -> x.reshape(-2, 12));
        assertTrue(negative.contains("negative") && negative.contains("[-2, 12]"), negative);
        String notContiguous = message(() -> x.transpose(0, 2).view(24));
        assertTrue(notContiguous.contains("non-contiguous") && notContiguous.contains("reshape()"), notContiguous);
    }

    /** Expected values of a permutation of SHAPE, read by naive index math. */
    private static double[] permuted(int[] order) {
        int[] shape = new int[3];
        for (int d = 0; d < 3; d++) {
            shape[d] = SHAPE[order[d]];
        }
        double[] out = new double[24];
        for (int flat = 0; flat < 24; flat++) {
            int[] idx = unravel(flat, shape);
            int[] src = new int[3];
            for (int d = 0; d < 3; d++) {
                src[order[d]] = idx[d];
            }
            out[flat] = V[ravel(src, SHAPE)];
        }
        return out;
    }

    @Test
    void permuteAndTransposeShareStorageAndReadPermutedElements() {
        Tensor x = base();
        for (int[] order : new int[][] {{0, 1, 2}, {2, 1, 0}, {1, 2, 0}, {2, 0, 1}, {0, 2, 1}}) {
            Tensor p = x.permute(order);
            assertSame(x.storage(), p.storage());
            assertArrayEquals(permuted(order), p.toDoubleArray());
        }
        Tensor t = x.transpose(0, -1);
        assertSame(x.storage(), t.storage());
        assertArrayEquals(new int[] {4, 3, 2}, t.shape());
        assertArrayEquals(new int[] {1, 4, 12}, t.strides());
        assertFalse(t.isContiguous());
        assertArrayEquals(permuted(new int[] {2, 1, 0}), t.toDoubleArray());
        assertMessage(IllegalArgumentException.class, () -> x.permute(0, 0, 1), "repeats");
        assertMessage(IllegalArgumentException.class, () -> x.permute(0, 1), "[0, 1]", "rank 3");
    }

    @Test
    void narrowSharesStorageWithAnOffset() {
        Tensor x = base();
        Tensor n = x.narrow(2, 1, 2);
        assertSame(x.storage(), n.storage());
        assertEquals(1, n.offset());
        assertArrayEquals(new int[] {2, 3, 2}, n.shape());
        double[] expected = new double[12];
        for (int flat = 0; flat < 12; flat++) {
            int[] idx = unravel(flat, n.shape());
            idx[2] += 1;
            expected[flat] = V[ravel(idx, SHAPE)];
        }
        assertArrayEquals(expected, n.toDoubleArray());
        Tensor rows = x.narrow(1, 2, 1).narrow(0, 1, 1);
        assertEquals(12 + 8, rows.offset());
        assertArrayEquals(java.util.Arrays.copyOfRange(V, 20, 24), rows.toDoubleArray());
        assertMessage(IllegalArgumentException.class, () -> x.narrow(1, 2, 2), "narrow(1, 2, 2)", "[2, 3, 4]");
        assertMessage(IllegalArgumentException.class, () -> x.narrow(3, 0, 1), "dimension 3");
    }

    @Test
    void expandRepeatsWithStrideZero() {
        double[] col = {1, 2, 3};
        Tensor c = tensor(col, DType.F64, 3, 1);
        Tensor e = c.expand(2, 3, 4);
        assertSame(c.storage(), e.storage());
        assertArrayEquals(new int[] {0, 1, 0}, e.strides());
        double[] expected = new double[24];
        for (int flat = 0; flat < 24; flat++) {
            expected[flat] = col[unravel(flat, SHAPE)[1]];
        }
        assertArrayEquals(expected, e.toDoubleArray());
        assertArrayEquals(new int[] {3, 5}, c.expand(-1, 5).shape());
        assertMessage(IllegalArgumentException.class, () -> c.expand(3, 4).expand(2, 3, 5), "[3, 4]", "[2, 3, 5]");
    }

    @Test
    void expandToFewerDimensionsIsAClearError() {
        Tensor x = base();
        assertMessage(IllegalArgumentException.class, () -> x.expand(3, 4), "[2, 3, 4]", "[3, 4]");
    }

    @Test
    void squeezeUnsqueezeAndFlattenOfContiguousTensorsShareStorage() {
        Tensor x = tensor(V, DType.F64, 2, 1, 12);
        Tensor s = x.squeeze(1);
        assertSame(x.storage(), s.storage());
        assertArrayEquals(new int[] {2, 12}, s.shape());
        Tensor u = s.unsqueeze(-1);
        assertSame(x.storage(), u.storage());
        assertArrayEquals(new int[] {2, 12, 1}, u.shape());
        assertArrayEquals(new int[] {1, 2, 12}, s.unsqueeze(0).shape());
        Tensor f = base().flatten(1);
        assertArrayEquals(new int[] {2, 12}, f.shape());
        Tensor narrowed = base().narrow(0, 1, 1);
        Tensor flat = narrowed.flatten(0);
        assertSame(narrowed.storage(), flat.storage());
        assertArrayEquals(java.util.Arrays.copyOfRange(V, 12, 24), flat.toDoubleArray());
        assertArrayEquals(V, u.toDoubleArray());
        assertMessage(IllegalArgumentException.class, () -> x.squeeze(0), "squeeze(0)", "not 1");
    }

    @Test
    void squeezeAndUnsqueezeOfANonContiguousTensorAreViews() {
        Tensor t = base().transpose(0, 2);
        Tensor u = t.unsqueeze(1);
        assertSame(t.storage(), u.storage());
        Tensor s = u.squeeze(1);
        assertSame(t.storage(), s.storage());
    }

    @Test
    void squeezeAndUnsqueezeOfANonContiguousTensorReadTheRightValues() {
        Tensor t = base().transpose(0, 2);
        double[] expected = permuted(new int[] {2, 1, 0});
        Tensor u = t.unsqueeze(1);
        assertArrayEquals(new int[] {4, 1, 3, 2}, u.shape());
        assertArrayEquals(expected, u.toDoubleArray());
        assertArrayEquals(expected, u.squeeze(1).toDoubleArray());
    }

    @Test
    void contiguousCopiesOnlyWhenNeeded() {
        Tensor x = base();
        Tensor same = x.contiguous();
        assertSame(x.storage(), same.storage());
        Tensor rows = x.narrow(0, 1, 1);
        assertTrue(rows.isContiguous(), "a narrow along the first dimension stays contiguous");
        Tensor rowsC = rows.contiguous();
        assertSame(x.storage(), rowsC.storage());
        assertArrayEquals(java.util.Arrays.copyOfRange(V, 12, 24), rowsC.toDoubleArray());
        Tensor t = x.permute(1, 2, 0);
        Tensor c = t.contiguous();
        assertNotSame(x.storage(), c.storage());
        assertTrue(c.isContiguous());
        assertEquals(0, c.offset());
        assertArrayEquals(permuted(new int[] {1, 2, 0}), c.toDoubleArray());
        Tensor cols = x.narrow(2, 1, 2);
        assertFalse(cols.isContiguous());
        assertNotSame(x.storage(), cols.contiguous().storage());
        Tensor expanded = tensor(new double[] {5, 6}, DType.F64, 2, 1).expand(2, 3);
        assertArrayEquals(new double[] {5, 5, 5, 6, 6, 6}, expanded.contiguous().toDoubleArray());
    }

    @Test
    void reshapeOfANonContiguousTensorCopiesAndKeepsLogicalOrder() {
        Tensor x = base();
        Tensor t = x.transpose(1, 2);
        Tensor r = t.reshape(8, 3);
        assertNotSame(x.storage(), r.storage());
        assertTrue(r.isContiguous());
        assertArrayEquals(permuted(new int[] {0, 2, 1}), r.toDoubleArray());
        Tensor n = x.narrow(2, 1, 3).reshape(-1);
        assertNotSame(x.storage(), n.storage());
        double[] expected = new double[18];
        for (int flat = 0; flat < 18; flat++) {
            int[] idx = unravel(flat, new int[] {2, 3, 3});
            idx[2] += 1;
            expected[flat] = V[ravel(idx, SHAPE)];
        }
        assertArrayEquals(expected, n.toDoubleArray());
        // reshaping to the same shape never copies
        assertSame(x.storage(), t.reshape(t.shape()).storage());
    }

    @Test
    void viewsOfViewsComposeOffsetsAndStrides() {
        Tensor x = tensor(random(1201, DType.F64, 5 * 6 * 7, -1, 1), DType.F64, 5, 6, 7);
        double[] all = x.toDoubleArray();
        Tensor v = x.narrow(0, 1, 3).permute(2, 0, 1).narrow(0, 2, 4).narrow(2, 1, 4).transpose(1, 2);
        assertSame(x.storage(), v.storage());
        assertArrayEquals(new int[] {4, 4, 3}, v.shape());
        double[] expected = new double[numel(v.shape())];
        for (int flat = 0; flat < expected.length; flat++) {
            int[] idx = unravel(flat, v.shape());
            // v[a, b, c] = x[1 + c, 1 + b, 2 + a]
            expected[flat] = all[ravel(new int[] {1 + idx[2], 1 + idx[1], 2 + idx[0]}, new int[] {5, 6, 7})];
        }
        assertArrayEquals(expected, v.toDoubleArray());
        assertArrayEquals(expected, v.contiguous().toDoubleArray());
    }

    @Test
    void castConvertsDtypeAndIsAViewWhenUnchanged() {
        Tensor x = base();
        assertSame(x.storage(), x.to(DType.F64).storage());
        Tensor f = x.transpose(0, 2).to(DType.F32);
        assertEquals(DType.F32, f.dtype());
        assertArrayEquals(TestTensors.roundTo(DType.F32, permuted(new int[] {2, 1, 0})), f.toDoubleArray());
        Tensor i = tensor(new double[] {-1.5, 2.9, 0.2}, DType.F64, 3).to(DType.I32);
        assertArrayEquals(new int[] {-1, 2, 0}, i.toIntArray());
    }
}
