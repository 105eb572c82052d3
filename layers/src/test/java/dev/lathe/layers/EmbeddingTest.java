package dev.lathe.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.layers.init.Initializer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddingTest {

    /** A table whose row r holds {10r, 10r + 1, 10r + 2}, loaded over the initial one (so the padding row is not zero). */
    private static Embedding numbered(Integer paddingIdx) {
        Embedding emb = new Embedding(5, 3, paddingIdx, Initializer.normal(1), new Generator(1));
        float[] v = new float[15];
        for (int i = 0; i < v.length; i++) {
            v[i] = 10 * (i / 3) + i % 3;
        }
        try (Tensor table = Tensors.of(v, 5, 3)) {
            emb.loadStateDict(Map.of("weight", table), true);
        }
        return emb;
    }

    @Test
    void looksUpRowsForIdsOfAnyShape() {
        try (Embedding emb = numbered(null); Tensor ids = Tensors.of(new int[] {4, 0, 2, 2}, 2, 2); Tensor out = emb.forward(ids)) {
            assertArrayEquals(new int[] {2, 2, 3}, out.shape());
            assertArrayEquals(new float[] {40, 41, 42, 0, 1, 2, 20, 21, 22, 20, 21, 22}, out.toFloatArray());
            assertArrayEquals(new int[] {2, 2, 3}, emb.outputShape(new int[] {2, 2}));
            assertArrayEquals(new int[] {3}, emb.outputShape(new int[0]));
        }
    }

    @Test
    void paddingRowKeepsItsValueButGetsNoGradient() {
        try (Embedding emb = numbered(1); Tensor ids = Tensors.of(new int[] {1, 3, 1, 3, 0}, 5)) {
            Tensor out = emb.forward(ids);
            assertArrayEquals(new float[] {10, 11, 12, 30, 31, 32, 10, 11, 12, 30, 31, 32, 0, 1, 2}, out.toFloatArray());
            out.sum().backward();
            float[] grad = emb.weight().grad().toFloatArray();
            // each row's gradient counts its occurrences; the padding row's stays zero
            assertArrayEquals(new float[] {1, 1, 1, 0, 0, 0, 0, 0, 0, 2, 2, 2, 0, 0, 0}, grad);
        }
    }

    @Test
    void defaultInitIsStandardNormalWithThePaddingRowZeroed() {
        try (Embedding emb = new Embedding(400, 50, 0, new Generator(3))) {
            float[] w = emb.weight().value().toFloatArray();
            assertArrayEquals(new float[50], Arrays.copyOf(w, 50));
            double sum = 0;
            double sq = 0;
            for (int i = 50; i < w.length; i++) {
                sum += w[i];
                sq += w[i] * w[i];
            }
            int n = w.length - 50;
            assertEquals(0, sum / n, 0.02);
            assertEquals(1, sq / n, 0.03);
        }
    }

    @Test
    void negativePaddingIndexCountsFromTheEnd() {
        try (Embedding emb = new Embedding(6, 2, -1, new Generator(4))) {
            assertEquals(5, emb.paddingIdx());
            assertArrayEquals(new float[2], Arrays.copyOfRange(emb.weight().value().toFloatArray(), 10, 12));
            assertEquals("Embedding(6, 2, padding_idx=5)", emb.describe());
        }
        assertThrows(IllegalArgumentException.class, () -> new Embedding(6, 2, 6, new Generator(4)));
        assertThrows(IllegalArgumentException.class, () -> new Embedding(6, 2, -7, new Generator(4)));
    }

    @Test
    void flowGetsTheMaskOfNonPaddingIds() {
        try (Embedding emb = numbered(0); Tensor ids = Tensors.of(new int[] {3, 2, 0, 0, 4, 0, 0, 0}, 2, 4)) {
            Flow out = emb.forward(Flow.of(ids));
            assertEquals(DType.F32, out.mask().dtype());
            assertArrayEquals(new float[] {1, 1, 0, 0, 1, 0, 0, 0}, out.mask().toFloatArray());
            assertArrayEquals(new int[] {2, 4, 3}, out.values().shape());
            emb.to(DType.F64);
            assertEquals(DType.F64, emb.forward(Flow.of(ids)).mask().dtype());
        }
    }

    @Test
    void flowKeepsAnExistingMaskAndHasNoneWithoutPadding() {
        try (Embedding padded = numbered(0); Embedding plain = numbered(null); Tensor ids = Tensors.of(new int[] {3, 0}, 1, 2);
             Tensor given = Tensors.ones(1, 2)) {
            assertSame(given, padded.forward(new Flow(ids, given, null)).mask());
            assertNull(plain.forward(Flow.of(ids)).mask());
            assertNull(plain.forward(new Flow(ids, given, null)).mask());
        }
    }

    @Test
    void outOfRangeIdsAreNamed() {
        try (Embedding emb = numbered(null); Tensor ids = Tensors.of(new int[] {1, 7, 2}, 3); Tensor neg = Tensors.of(new int[] {-2}, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> emb.forward(ids));
            assertEquals("Embedding(5, 3): id 7 is out of range for a vocabulary of 5 (ids must lie in [0, 5))", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> emb.forward(neg));
            assertTrue(e.getMessage().contains("id -2"), e.getMessage());
        }
        try (Embedding emb = numbered(null); Tensor floats = Tensors.zeros(2)) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> emb.forward(floats)).getMessage().contains("needs I32 ids"));
        }
    }

    @Test
    void averagePooledInASequentialItGivesTheLayersValuesAndGradientsAsOneBag() {
        int[] ids = new int[4 * 37];
        java.util.SplittableRandom random = new java.util.SplittableRandom(6);
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(50);
        }
        Embedding emb = new Embedding(50, 11, null, Initializer.normal(1), new Generator(5));
        GlobalAvgPool1d pool = new GlobalAvgPool1d();
        try (Sequential both = new Sequential(emb, pool); Tensor tokens = Tensors.of(ids, 4, 37);
             Tensor weights = Tensors.randn(4, 11)) {
            Tensor bagged = both.forward(Flow.of(tokens)).values();
            bagged.mul(weights).sum().backward();
            float[] baggedGrad = emb.weight().grad().toFloatArray();
            emb.zeroGrad();
            Tensor layered = pool.forward(emb.forward(Flow.of(tokens))).values();
            layered.mul(weights).sum().backward();
            assertArrayEquals(layered.toFloatArray(), bagged.toFloatArray());
            assertArrayEquals(emb.weight().grad().toFloatArray(), baggedGrad);
            try (Tensor bad = Tensors.of(new int[] {1, 50}, 1, 2)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> both.forward(Flow.of(bad)));
                assertEquals("Embedding(50, 11): id 50 is out of range for a vocabulary of 50 (ids must lie in [0, 50))", e.getMessage());
            }
        }
    }

    @Test
    void parametersMatchPyTorch() {
        try (Embedding emb = new Embedding(100, 8, new Generator(1))) {
            assertEquals(List.of("weight"), List.copyOf(emb.stateDict().keySet()));
            assertArrayEquals(new int[] {100, 8}, emb.weight().value().shape());
            assertEquals(800, emb.parameterCount());
            assertEquals("Embedding(100, 8)", emb.describe());
        }
    }
}
