package dev.lathe.layers.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import org.junit.jupiter.api.Test;

class AttentionTest {

    private static final int N = 2;
    private static final int HEADS = 2;
    private static final int TQ = 3;
    private static final int TK = 4;
    private static final int D = 3;

    private static Tensor random(long seed, DType dtype, int... shape) {
        return Tensors.uniform(-2, 2, dtype, Device.CPU, new Generator(seed), shape);
    }

    /** Rows [n][h] of a [N, H, T, C] tensor. */
    private static double[][] slice(Tensor t, int n, int h) {
        double[] flat = t.toDoubleArray();
        int steps = t.size(2);
        int cols = t.size(3);
        double[][] out = new double[steps][cols];
        for (int r = 0; r < steps; r++) {
            System.arraycopy(flat, ((n * t.size(1) + h) * steps + r) * cols, out[r], 0, cols);
        }
        return out;
    }

    private static double[] row(Tensor mask, int n) {
        double[] flat = mask.toDoubleArray();
        double[] out = new double[mask.size(1)];
        System.arraycopy(flat, n * out.length, out, 0, out.length);
        return out;
    }

    @Test
    void matchesNaiveLoopsWithAPaddingMask() {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor q = random(1, DType.F64, N, HEADS, TQ, D);
            Tensor k = random(2, DType.F64, N, HEADS, TK, D);
            Tensor v = random(3, DType.F64, N, HEADS, TK, 5);
            Tensor mask = Tensors.of(new double[] {1, 1, 1, 1, 1, 1, 0, 0}, N, TK);
            Tensor out = Attention.scaledDotProduct(q, k, v, mask, 0, false, null);
            assertArrayEquals(new int[] {N, HEADS, TQ, 5}, out.shape());
            for (int n = 0; n < N; n++) {
                for (int h = 0; h < HEADS; h++) {
                    Naive.assertClose(Naive.attention(slice(q, n, h), slice(k, n, h), slice(v, n, h), row(mask, n)),
                            slice(out, n, h), 1e-12, "sample " + n + " head " + h);
                }
            }
        }
    }

    @Test
    void paddedKeysAndValuesDoNotReachTheOutput() {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor q = random(1, DType.F32, 1, HEADS, TQ, D);
            Tensor mask = Tensors.of(new float[] {1, 1, 0, 0}, 1, TK);
            Tensor k = random(2, DType.F32, 1, HEADS, TK, D);
            Tensor v = random(3, DType.F32, 1, HEADS, TK, D);
            Tensor out = Attention.scaledDotProduct(q, k, v, mask, 0, false, null);
            // replace the padded steps (2 and 3) of keys and values with very different numbers
            Tensor k2 = Tensors.copyOf(k);
            Tensor v2 = Tensors.copyOf(v);
            k2.backend().fill(k2.narrow(2, 2, 2), 1e4);
            v2.backend().fill(v2.narrow(2, 2, 2), -1e4);
            Tensor out2 = Attention.scaledDotProduct(q, k2, v2, mask, 0, false, null);
            assertArrayEquals(out.toFloatArray(), out2.toFloatArray(), 0f);
        }
    }

    @Test
    void aRowWithoutRealKeysStaysFiniteAndAveragesTheValues() {
        for (DType dtype : new DType[] {DType.F32, DType.F64}) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor q = random(1, dtype, 1, 1, 2, D);
                Tensor k = random(2, dtype, 1, 1, TK, D);
                Tensor v = random(3, dtype, 1, 1, TK, D);
                Tensor out = Attention.scaledDotProduct(q, k, v, Tensors.zeros(dtype, Device.CPU, 1, TK), 0, false, null);
                double[][] values = slice(v, 0, 0);
                double[][] actual = slice(out, 0, 0);
                for (int c = 0; c < D; c++) {
                    double mean = 0;
                    for (double[] value : values) {
                        mean += value[c] / TK;
                    }
                    assertEquals(mean, actual[0][c], 1e-6, dtype + " column " + c);
                    assertEquals(mean, actual[1][c], 1e-6, dtype + " column " + c);
                }
            }
        }
    }

    @Test
    void dropoutActsOnTheProbabilitiesOnlyWhileTraining() {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor q = random(1, DType.F64, 1, 1, 8, D);
            Tensor k = random(2, DType.F64, 1, 1, 8, D);
            // with identity values the output is the probability matrix itself
            double[] eye = new double[64];
            for (int i = 0; i < 8; i++) {
                eye[i * 9] = 1;
            }
            Tensor v = Tensors.of(eye, 1, 1, 8, 8);
            double[] probabilities = Attention.scaledDotProduct(q, k, v, null, 0, false, null).toDoubleArray();
            assertArrayEquals(probabilities, Attention.scaledDotProduct(q, k, v, null, 0.5, false, new Generator(4)).toDoubleArray(), 0);
            double[] dropped = Attention.scaledDotProduct(q, k, v, null, 0.5, true, new Generator(4)).toDoubleArray();
            int zeros = 0;
            for (int i = 0; i < dropped.length; i++) {
                if (dropped[i] == 0) {
                    zeros++;
                } else {
                    assertEquals(2 * probabilities[i], dropped[i], 1e-12, "kept probabilities are scaled by 1/(1-p)");
                }
            }
            assertTrue(zeros > 16 && zeros < 48, zeros + " of 64 dropped at p = 0.5");
        }
    }

    @Test
    void headsSplitIntoConsecutiveSlicesAndMergeBack() {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor x = Tensors.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 1, 2, 6);
            Tensor split = Attention.splitHeads(x, 3);
            assertArrayEquals(new int[] {1, 3, 2, 2}, split.shape());
            assertArrayEquals(new double[] {0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11}, split.contiguous().toDoubleArray(), 0);
            assertArrayEquals(x.toDoubleArray(), Attention.mergeHeads(split).toDoubleArray(), 0);
        }
    }

    @Test
    void mismatchedShapesAreRejected() {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor q = random(1, DType.F32, N, HEADS, TQ, D);
            Tensor k = random(2, DType.F32, N, HEADS, TK, D);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Attention.scaledDotProduct(q, k, k, Tensors.ones(N, TQ), 0, false, null));
            assertTrue(e.getMessage().contains("mask [2, 3]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Attention.scaledDotProduct(q, q, k, null, 0, false, null));
            assertThrows(IllegalArgumentException.class, () -> Attention.splitHeads(Tensors.zeros(1, 2, 5), 2));
        }
    }
}
