package dev.lathe.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.layers.Embedding;
import dev.lathe.layers.Flow;
import dev.lathe.layers.GlobalAvgPool1d;
import dev.lathe.layers.GlobalMaxPool1d;
import dev.lathe.layers.GlobalPool1d;
import dev.lathe.layers.Sequential;
import org.junit.jupiter.api.Test;

/** F64 gradient checks of the layers that read or set a Flow's mask: pooling over time and Embedding. */
class SequenceLayersGradTest {

    /** Three sequences of four steps with 4, 2 and 1 real steps. */
    private static Tensor mixedLengthMask() {
        return Tensors.of(new double[] {1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0}, 3, 4);
    }

    private static void checkPooling(String label, GlobalPool1d pool) {
        double plain = LayerGradCheck.check(label, pool, x -> pool.forward(x[0]), LayerGradCheck.input(1, 3, 4, 2));
        double masked = LayerGradCheck.check(label + " masked", pool, x -> pool.forward(new Flow(x[0], mixedLengthMask(), null)).values(),
                LayerGradCheck.input(2, 3, 4, 2));
        assertTrue(Math.max(plain, masked) < 1e-7, label + ": worst " + Math.max(plain, masked));
    }

    @Test
    void globalAvgPool1d() {
        checkPooling("GlobalAvgPool1d", new GlobalAvgPool1d());
    }

    @Test
    void globalMaxPool1d() {
        checkPooling("GlobalMaxPool1d", new GlobalMaxPool1d());
    }

    @Test
    void embeddingWithRepeatedIds() {
        Embedding embedding = new Embedding(5, 3, new Generator(1));
        // the ids are no leaf: built inside the forward, as I32
        double worst = LayerGradCheck.check("Embedding", embedding,
                x -> embedding.forward(Tensors.of(new int[] {4, 0, 2, 2, 4, 4}, 2, 3)));
        assertTrue(worst < 1e-7, "worst " + worst);
    }

    @Test
    void embeddingWithPaddingFeedingMaskedPooling() {
        // the embedding's mask keeps padding out of the average, so the padding row affects nothing, as its zero gradient says
        Embedding embedding = new Embedding(5, 3, 0, new Generator(2));
        Sequential model = new Sequential(embedding, new GlobalAvgPool1d());
        double worst = LayerGradCheck.check("Embedding(padding_idx=0) → GlobalAvgPool1d", model,
                x -> model.forward(Flow.of(Tensors.of(new int[] {3, 1, 3, 0, 2, 0, 0, 0, 4, 4, 1, 2}, 3, 4))).values());
        assertTrue(worst < 1e-7, "worst " + worst);
    }
}
