package dev.lathe.cli.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lathe.layers.spec.Model;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's models come from the example specs in the jar, BERT at MODELS.md's benchmark sizes. */
class BenchModelsTest {

    @Test
    void theModelsAreTheExamplesAndBertSmall() {
        assertEquals(List.of("mlp-tiny", "mlp-fashion", "cnn-fashion", "cnn-binary", "text-gap", "lstm", "bert-tiny", "bert-small"),
                BenchModels.names());
        try (Model model = BenchModels.build("cnn-fashion")) {
            assertEquals(93_322, model.summary().trainableParameters(), "MODELS.md's count");
            assertEquals(32, model.spec().training().batchSize());
        }
    }

    @Test
    void bertTinyRuns64Tokens() {
        try (Model model = BenchModels.build("bert-tiny")) {
            assertArrayEquals(new int[] {64}, model.spec().input().shape());
            assertEquals(32, model.spec().training().batchSize());
        }
    }

    @Test
    void bertSmallIsBertTinyAtHidden256With4Layers() {
        try (Model model = BenchModels.build("bert-small")) {
            assertEquals("bert-small", model.spec().name());
            assertArrayEquals(new int[] {128}, model.spec().input().shape());
            assertEquals(16, model.spec().training().batchSize());
            // embeddings (5000 + 128 + 2 rows of 256, LayerNorm) + 4 layers (Q, K, V, output 256x256, FFN 256-1024-256,
            // two LayerNorms, all with biases) + the 8-class classifier
            long embeddings = (5000 + 128 + 2) * 256L + 2 * 256;
            long layer = 4 * (256 * 256 + 256) + (256 * 1024 + 1024) + (1024 * 256 + 256) + 2 * 2 * 256;
            assertEquals(embeddings + 4 * layer + 256 * 8 + 8, model.summary().trainableParameters());
        }
    }

    @Test
    void anUnknownNameIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> BenchModels.build("bert-large"));
    }
}
