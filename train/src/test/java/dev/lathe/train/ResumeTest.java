package dev.lathe.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.Generator;
import dev.lathe.layers.spec.Model;
import dev.lathe.layers.spec.ModelBuilder;
import dev.lathe.train.data.ArrayDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped after epoch 2 and resumed from its resume checkpoint ends with exactly the metrics
 * and weights of the uninterrupted run: shuffling, dropout, Adam's moments, the schedule and
 * BatchNorm's running statistics all carry over.
 */
class ResumeTest {

    private static final String SPEC = """
            {"name": "resume", "seed": 5, "input": {"shape": [6]},
             "layers": [
               {"type": "linear", "units": 16, "activation": "relu"},
               {"type": "batch_norm"},
               {"type": "dropout", "p": 0.3},
               {"type": "linear", "units": 3}],
             "training": {"loss": {"type": "cross_entropy", "label_smoothing": 0.05},
                          "optimizer": {"type": "adam", "lr": 0.01},
                          "schedule": {"type": "warmup_cosine", "warmup_steps": 5},
                          "batch_size": 16, "epochs": 4, "clip_grad_norm": 1.0, "l2": 0.0001}}
            """;

    @TempDir
    Path dir;

    /** Three noisy clusters in six dimensions. */
    static ArrayDataset clusters(int n, long seed) {
        Generator g = new Generator(seed);
        float[] x = new float[n * 6];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int d = 0; d < 6; d++) {
                x[i * 6 + d] = (float) ((d % 3 == y[i] ? 1.0 : 0.0) + 0.8 * g.nextGaussian());
            }
        }
        return ArrayDataset.ofClasses(x, new int[] {6}, y, List.of("a", "b", "c"));
    }

    /** Stands for the process being killed once an epoch's checkpoints are written. */
    private static final class Killed extends RuntimeException {
    }

    private List<Map<String, Object>> train(Path runFolder, int killAfterEpoch, Path resumeFrom) {
        try (Model model = ModelBuilder.build(SPEC, "resume.json", null)) {
            TrainingSettings settings = TrainingSettings.from(model.spec().training(), 5);
            try (Trainer trainer = new Trainer(model, settings, 3)) {
                if (resumeFrom != null) {
                    trainer.resumeFrom(resumeFrom);
                }
                RunDirectory run = RunDirectory.create(runFolder, SPEC);
                TrainingListener killer = new TrainingListener() {
                    @Override
                    public void epochDone(int epoch, Map<String, Object> metrics) {
                        if (epoch == killAfterEpoch) {
                            throw new Killed();
                        }
                    }
                };
                List<Map<String, Object>> history = trainer.fit(clusters(200, 1), clusters(60, 2), run, killer);
                lastWeights = model.network().stateDict().get("4.weight").toFloatArray();
                runningVar = model.network().stateDict().get("2.running_var").toFloatArray();
                return history;
            }
        }
    }

    private float[] lastWeights;
    private float[] runningVar;

    @Test
    void resumedRunEndsExactlyLikeTheUninterruptedOne() throws Exception {
        List<Map<String, Object>> full = train(dir.resolve("full"), 0, null);
        float[] fullWeights = lastWeights;
        float[] fullVar = runningVar;

        assertThrows(Killed.class, () -> train(dir.resolve("split"), 2, null));
        List<Map<String, Object>> rest = train(dir.resolve("split"), 0, dir.resolve("split/checkpoints/resume.safetensors"));

        assertEquals(2, rest.size(), "the resumed run trains epochs 3 and 4 only");
        for (int i = 0; i < 2; i++) {
            Map<String, Object> expected = new java.util.LinkedHashMap<>(full.get(i + 2));
            Map<String, Object> actual = new java.util.LinkedHashMap<>(rest.get(i));
            for (Map<String, Object> m : List.of(expected, actual)) {
                m.remove("seconds");
                m.remove("samples_per_second");
            }
            assertEquals(expected, actual, "epoch " + (i + 3));
        }
        assertArrayEquals(fullWeights, lastWeights);
        assertArrayEquals(fullVar, runningVar);
        List<String> lines = Files.readAllLines(dir.resolve("split/metrics.jsonl"));
        assertEquals(4, lines.size(), "metrics.jsonl holds the epochs of both parts");
        assertTrue((double) full.get(3).get("val_accuracy") > 0.6, "the model learns: " + full.get(3));
    }
}
