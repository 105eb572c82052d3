package dev.lathe.layers.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Generator;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.layers.Flow;
import dev.lathe.layers.Linear;
import dev.lathe.layers.Sequential;
import dev.lathe.layers.attention.Naive;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BertTest {

    /** vocab 20, hidden 8, 2 layers, 2 heads, FFN 16, 10 positions, 2 types; a wide init so the layers do visible work. */
    private static final BertConfig SMALL = new BertConfig(20, 8, 2, 2, 16, "gelu", 0.1, 0.1, 10, 2, 0.5, 1e-12, 0);

    private static final int[] IDS = {2, 7, 19, 5, 3, 11, 0, 0};
    private static final int[] SEGMENTS = {0, 0, 1, 1, 0, 1, 0, 0};
    private static final double[][] MASKS = {{1, 1, 1, 1}, {1, 1, 0, 0}};

    private static Tensor ids() {
        return Tensors.of(IDS, 2, 4);
    }

    private static Tensor segments() {
        return Tensors.of(SEGMENTS, 2, 4);
    }

    private static Tensor mask() {
        return Tensors.of(new double[] {1, 1, 1, 1, 1, 1, 0, 0}, 2, 4);
    }

    private static Bert small(BertPooling pooling) {
        Bert bert = new Bert(SMALL, pooling, new Generator(11));
        bert.to(DType.F64).eval();
        return bert;
    }

    /** Hugging Face's BertModel names, in its registration order, written out from its source. */
    private static Map<String, int[]> huggingFaceShapes(BertConfig c, boolean pooler) {
        int h = c.hiddenSize();
        int ff = c.intermediateSize();
        Map<String, int[]> names = new LinkedHashMap<>();
        names.put("embeddings.word_embeddings.weight", new int[] {c.vocabSize(), h});
        names.put("embeddings.position_embeddings.weight", new int[] {c.maxPositionEmbeddings(), h});
        names.put("embeddings.token_type_embeddings.weight", new int[] {c.typeVocabSize(), h});
        names.put("embeddings.LayerNorm.weight", new int[] {h});
        names.put("embeddings.LayerNorm.bias", new int[] {h});
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            String p = "encoder.layer." + i + ".";
            for (String projection : List.of("query", "key", "value")) {
                names.put(p + "attention.self." + projection + ".weight", new int[] {h, h});
                names.put(p + "attention.self." + projection + ".bias", new int[] {h});
            }
            names.put(p + "attention.output.dense.weight", new int[] {h, h});
            names.put(p + "attention.output.dense.bias", new int[] {h});
            names.put(p + "attention.output.LayerNorm.weight", new int[] {h});
            names.put(p + "attention.output.LayerNorm.bias", new int[] {h});
            names.put(p + "intermediate.dense.weight", new int[] {ff, h});
            names.put(p + "intermediate.dense.bias", new int[] {ff});
            names.put(p + "output.dense.weight", new int[] {h, ff});
            names.put(p + "output.dense.bias", new int[] {h});
            names.put(p + "output.LayerNorm.weight", new int[] {h});
            names.put(p + "output.LayerNorm.bias", new int[] {h});
        }
        if (pooler) {
            names.put("pooler.dense.weight", new int[] {h, h});
            names.put("pooler.dense.bias", new int[] {h});
        }
        return names;
    }

    @Test
    void stateDictNamesAndShapesAreHuggingFaces() {
        for (BertPooling pooling : BertPooling.values()) {
            try (Bert bert = new Bert(SMALL, pooling, new Generator(1))) {
                Map<String, int[]> expected = huggingFaceShapes(SMALL, pooling == BertPooling.POOLER);
                Map<String, Tensor> state = bert.stateDict();
                assertEquals(List.copyOf(expected.keySet()), List.copyOf(state.keySet()), pooling.specName());
                expected.forEach((name, shape) -> assertArrayEquals(shape, state.get(name).shape(), name));
            }
        }
    }

    /** Embeddings, then per layer: Q, K, V, attention output, 2 LayerNorms, two FFN Linears; pooler. */
    private static long formulaCount(BertConfig c, boolean pooler) {
        long h = c.hiddenSize();
        long ff = c.intermediateSize();
        long embeddings = (c.vocabSize() + c.maxPositionEmbeddings() + c.typeVocabSize()) * h + 2 * h;
        long layer = 4 * (h * h + h) + 2 * 2 * h + (h * ff + ff) + (ff * h + h);
        return embeddings + c.numHiddenLayers() * layer + (pooler ? h * h + h : 0);
    }

    @Test
    void parameterCountFollowsTheArchitecture() {
        try (Bert bert = new Bert(SMALL, BertPooling.POOLER, new Generator(1)); Bert cls = new Bert(SMALL, BertPooling.CLS, new Generator(1))) {
            assertEquals(formulaCount(SMALL, true), bert.parameterCount());
            assertEquals(formulaCount(SMALL, false), cls.parameterCount());
        }
        // Hugging Face's BertModel for bert-base-uncased (with its pooler) has 109,482,240 parameters
        assertEquals(109_482_240L, formulaCount(BertConfig.defaults(), true));
    }

    @Test
    void bertBaseHasHuggingFacesParameterCount() {
        try (Bert bert = new Bert(BertConfig.defaults(), BertPooling.POOLER, new Generator(1))) {
            assertEquals(109_482_240L, bert.parameterCount());
            assertEquals(109_482_240L - 768 * 768 - 768, bert.parameterCount() - bert.children().get("pooler").parameterCount());
        }
    }

    private static double std(Tensor t) {
        double[] v = t.toDoubleArray();
        double sum = 0;
        double squares = 0;
        for (double x : v) {
            sum += x;
            squares += x * x;
        }
        double mean = sum / v.length;
        return Math.sqrt(squares / v.length - mean * mean);
    }

    @Test
    void initialisedAsHuggingFace() {
        BertConfig c = new BertConfig(500, 64, 1, 4, 128, "gelu", 0.1, 0.1, 64, 2, 0.02, 1e-12, 3);
        try (Bert bert = new Bert(c, BertPooling.POOLER, new Generator(5))) {
            Map<String, Tensor> s = bert.stateDict();
            for (String weight : List.of("embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
                    "encoder.layer.0.attention.self.key.weight", "encoder.layer.0.output.dense.weight", "pooler.dense.weight")) {
                assertEquals(0.02, std(s.get(weight)), 0.002, weight);
            }
            float[] words = s.get("embeddings.word_embeddings.weight").toFloatArray();
            for (int col = 0; col < 64; col++) {
                assertEquals(0f, words[3 * 64 + col], "the padding row is zero");
            }
            s.forEach((name, t) -> {
                if (name.endsWith(".bias")) {
                    assertEquals(0, std(t) + Math.abs(t.sum().item()), name);
                } else if (name.endsWith("LayerNorm.weight")) {
                    assertEquals(64, t.sum().item(), name);
                }
            });
        }
    }

    /** Hugging Face's BertModel forward, loop by loop, for one sample. */
    private static double[][] naiveSequence(Bert bert, int sample, double[] mask) {
        Map<String, Tensor> s = bert.stateDict();
        BertConfig c = bert.config();
        double eps = c.layerNormEps();
        double[][] words = Naive.matrix(s.get("embeddings.word_embeddings.weight"));
        double[][] positions = Naive.matrix(s.get("embeddings.position_embeddings.weight"));
        double[][] types = Naive.matrix(s.get("embeddings.token_type_embeddings.weight"));
        int steps = MASKS[sample].length;
        double[][] h = new double[steps][c.hiddenSize()];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < c.hiddenSize(); i++) {
                h[t][i] = words[IDS[sample * steps + t]][i] + positions[t][i] + types[SEGMENTS[sample * steps + t]][i];
            }
        }
        h = norm(s, "embeddings.LayerNorm", h, eps);
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            String p = "encoder.layer." + l + ".";
            double[][] attended = Naive.selfAttention(h,
                    w(s, p + "attention.self.query"), b(s, p + "attention.self.query"),
                    w(s, p + "attention.self.key"), b(s, p + "attention.self.key"),
                    w(s, p + "attention.self.value"), b(s, p + "attention.self.value"),
                    w(s, p + "attention.output.dense"), b(s, p + "attention.output.dense"), c.numAttentionHeads(), mask);
            double[][] h1 = norm(s, p + "attention.output.LayerNorm", Naive.add(attended, h), eps);
            double[][] inner = Naive.apply(Naive.linear(h1, w(s, p + "intermediate.dense"), b(s, p + "intermediate.dense")), Naive::gelu);
            h = norm(s, p + "output.LayerNorm", Naive.add(Naive.linear(inner, w(s, p + "output.dense"), b(s, p + "output.dense")), h1), eps);
        }
        return h;
    }

    private static double[][] w(Map<String, Tensor> s, String module) {
        return Naive.matrix(s.get(module + ".weight"));
    }

    private static double[] b(Map<String, Tensor> s, String module) {
        return s.get(module + ".bias").toDoubleArray();
    }

    private static double[][] norm(Map<String, Tensor> s, String module, double[][] x, double eps) {
        return Naive.layerNorm(x, s.get(module + ".weight").toDoubleArray(), b(s, module), eps);
    }

    @Test
    void sequenceOutputMatchesTheNaiveLoops() {
        try (Bert bert = small(BertPooling.NONE); MemoryScope scope = MemoryScope.open()) {
            Tensor out = bert.sequenceOutput(ids(), mask(), segments());
            assertArrayEquals(new int[] {2, 4, 8}, out.shape());
            for (int n = 0; n < 2; n++) {
                Naive.assertClose(naiveSequence(bert, n, MASKS[n]), Naive.sample(out, n), 1e-9, "sample " + n);
            }
            Flow flow = bert.forward(new Flow(ids(), mask(), segments()));
            assertArrayEquals(out.toDoubleArray(), flow.values().toDoubleArray(), 0);
            assertArrayEquals(mask().toDoubleArray(), flow.mask().toDoubleArray(), 0);
            assertArrayEquals(new int[] {4, 8}, bert.outputShape(new int[] {4}));
        }
    }

    @Test
    void poolingsReadTheSequenceOutput() {
        try (MemoryScope scope = MemoryScope.open()) {
            Flow input = new Flow(ids(), mask(), segments());
            double[][][] sequence = new double[2][][];
            try (Bert bert = small(BertPooling.NONE)) {
                Tensor out = bert.sequenceOutput(ids(), mask(), segments());
                sequence[0] = Naive.sample(out, 0);
                sequence[1] = Naive.sample(out, 1);
            }
            // the same seed gives the same encoder; only the pooler's parameters come on top
            try (Bert cls = small(BertPooling.CLS); Bert mean = small(BertPooling.MEAN); Bert pooler = small(BertPooling.POOLER)) {
                Flow c = cls.forward(input);
                Flow m = mean.forward(input);
                Flow p = pooler.forward(input);
                assertNull(c.mask());
                assertArrayEquals(new int[] {8}, cls.outputShape(new int[] {4}));
                double[][] w = Naive.matrix(pooler.stateDict().get("pooler.dense.weight"));
                double[] bias = pooler.stateDict().get("pooler.dense.bias").toDoubleArray();
                for (int n = 0; n < 2; n++) {
                    double[] first = sequence[n][0];
                    double[] expectedMean = new double[8];
                    double real = 0;
                    for (int t = 0; t < 4; t++) {
                        real += MASKS[n][t];
                        for (int i = 0; i < 8; i++) {
                            expectedMean[i] += MASKS[n][t] * sequence[n][t][i];
                        }
                    }
                    double[] expectedPooled = Naive.linear(new double[][] {first}, w, bias)[0];
                    for (int i = 0; i < 8; i++) {
                        expectedMean[i] /= real;
                        expectedPooled[i] = Math.tanh(expectedPooled[i]);
                    }
                    Naive.assertClose(new double[][] {first}, new double[][] {Naive.matrix(c.values())[n]}, 1e-12, "cls " + n);
                    Naive.assertClose(new double[][] {expectedMean}, new double[][] {Naive.matrix(m.values())[n]}, 1e-12, "mean " + n);
                    Naive.assertClose(new double[][] {expectedPooled}, new double[][] {Naive.matrix(p.values())[n]}, 1e-12, "pooler " + n);
                }
            }
        }
    }

    @Test
    void aMissingMaskComesFromThePaddingIdAndMissingSegmentsAreZero() {
        try (Bert bert = small(BertPooling.NONE); MemoryScope scope = MemoryScope.open()) {
            // IDS pad (id 0) exactly where MASKS is 0
            assertArrayEquals(bert.sequenceOutput(ids(), mask(), segments()).toDoubleArray(),
                    bert.sequenceOutput(ids(), null, segments()).toDoubleArray(), 0);
            assertArrayEquals(mask().toDoubleArray(), bert.forward(new Flow(ids(), null, segments())).mask().toDoubleArray(), 0);
            assertArrayEquals(bert.sequenceOutput(ids(), mask(), Tensors.zeros(DType.I32, ids().device(), 2, 4)).toDoubleArray(),
                    bert.sequenceOutput(ids(), mask(), null).toDoubleArray(), 1e-15);
        }
    }

    @Test
    void realPositionsIgnoreWhatThePaddedPositionsHold() {
        try (Bert bert = small(BertPooling.NONE); MemoryScope scope = MemoryScope.open()) {
            int[] other = IDS.clone();
            other[6] = 13;
            other[7] = 4;
            Tensor a = bert.sequenceOutput(ids(), mask(), segments()).narrow(1, 0, 2);
            Tensor b = bert.sequenceOutput(Tensors.of(other, 2, 4), mask(), segments()).narrow(1, 0, 2);
            assertArrayEquals(a.contiguous().toDoubleArray(), b.contiguous().toDoubleArray(), 0);
        }
    }

    @Test
    void evalIsDeterministicAndTrainingAppliesDropout() {
        try (Bert bert = small(BertPooling.CLS); MemoryScope scope = MemoryScope.open()) {
            double[] first = bert.forward(ids()).toDoubleArray();
            assertArrayEquals(first, bert.forward(ids()).toDoubleArray(), 0);
            bert.train(true);
            double[] trained = bert.forward(ids()).toDoubleArray();
            assertFalse(Arrays.equals(first, trained));
            assertFalse(Arrays.equals(trained, bert.forward(ids()).toDoubleArray()));
        }
    }

    @Test
    void worksInsideASequentialClassifier() {
        Generator g = new Generator(3);
        try (Sequential model = new Sequential(new Bert(SMALL, BertPooling.CLS, g), new Linear(8, 3, true, g));
             MemoryScope scope = MemoryScope.open()) {
            assertArrayEquals(new int[] {3}, model.outputShape(new int[] {10}));
            Flow out = model.forward(new Flow(ids(), Tensors.of(new float[] {1, 1, 1, 1, 1, 1, 0, 0}, 2, 4), segments()));
            assertArrayEquals(new int[] {2, 3}, out.values().shape());
            out.values().sum().backward();
            List<String> withoutGradient = new ArrayList<>();
            model.namedParameters().forEach((name, p) -> {
                if (p.grad() == null) {
                    withoutGradient.add(name);
                }
            });
            assertEquals(List.of(), withoutGradient);
            assertTrue(model.stateDict().containsKey("0.encoder.layer.1.output.LayerNorm.bias"));
        }
    }

    @Test
    void badInputsAreRejectedWithTheReason() {
        try (Bert bert = small(BertPooling.CLS); MemoryScope scope = MemoryScope.open()) {
            IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> bert.forward(Tensors.of(new int[11], 1, 11)));
            assertTrue(tooLong.getMessage().contains("max_position_embeddings = 10") && tooLong.getMessage().contains("got 11"), tooLong.getMessage());
            assertThrows(IllegalArgumentException.class, () -> bert.outputShape(new int[] {11}));
            assertThrows(IllegalArgumentException.class, () -> bert.forward(Tensors.zeros(2, 4)));
            assertThrows(IllegalArgumentException.class, () -> bert.sequenceOutput(ids(), Tensors.ones(2, 3), null));
            assertThrows(IllegalArgumentException.class, () -> bert.sequenceOutput(ids(), null, Tensors.zeros(2, 4)));
            IllegalArgumentException badSegment = assertThrows(IllegalArgumentException.class,
                    () -> bert.sequenceOutput(ids(), null, Tensors.of(new int[] {0, 0, 0, 0, 0, 0, 0, 2}, 2, 4)));
            assertTrue(badSegment.getMessage().contains("Embedding(2, 8)"), badSegment.getMessage());
        }
    }
}
