package dev.lathe.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.lathe.engine.DType;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Storage;
import dev.lathe.engine.Tensor;
import dev.lathe.layers.spec.Model;
import dev.lathe.layers.spec.ModelBuilder;
import dev.lathe.train.data.ArrayDataset;
import dev.lathe.train.data.Batch;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link Trainer#step} on a batch made by {@link Trainer#batch} is the step {@link Trainer#fit} takes. */
class TrainerStepTest {

    private static final String SPEC = """
            {"name": "step", "input": {"shape": [6]},
             "layers": [{"type": "linear", "units": 8, "activation": "relu"}, {"type": "linear", "units": %d}],
             "training": {"loss": "%s", "optimizer": {"type": "adam", "lr": 0.01}, "batch_size": 8, "epochs": 1,
                          "shuffle": false}}
            """;

    @Test
    void stepChangesTheWeightsAsOneEpochOfOneBatchDoes() {
        ArrayDataset data = ResumeTest.clusters(8, 3);
        String spec = SPEC.formatted(3, "cross_entropy");
        Map<String, float[]> fitted;
        Map<String, float[]> initial;
        try (Model model = ModelBuilder.build(spec, "step.json", null)) {
            initial = weights(model);
            try (Trainer trainer = new Trainer(model, TrainingSettings.from(model.spec().training(), 0), 3)) {
                trainer.fit(data, null, null, new TrainingListener() { });
            }
            fitted = weights(model);
        }
        try (Model model = ModelBuilder.build(spec, "step.json", null)) {
            long before = Storage.liveCount();
            try (Trainer trainer = new Trainer(model, TrainingSettings.from(model.spec().training(), 0), 3);
                 MemoryScope scope = MemoryScope.open()) {
                trainer.step(trainer.batch(data, new int[] {0, 1, 2, 3, 4, 5, 6, 7}));
            }
            assertEquals(before, Storage.liveCount(), "the step's and the batch's tensors are freed with their scope");
            Map<String, float[]> stepped = weights(model);
            assertEquals(fitted.keySet(), stepped.keySet());
            for (String name : fitted.keySet()) {
                assertNotEquals(0, distance(initial.get(name), fitted.get(name)), name + " changed in fit");
                assertArrayEquals(fitted.get(name), stepped.get(name), name);
            }
        }
    }

    @Test
    void batchGivesBinaryCrossEntropyItsLabelsAsValues() {
        ArrayDataset data = ArrayDataset.ofClasses(new float[4 * 6], new int[] {6}, new int[] {0, 1, 1, 0}, null);
        try (Model model = ModelBuilder.build(SPEC.formatted(1, "binary_cross_entropy_with_logits"), "binary.json", null);
             Trainer trainer = new Trainer(model, TrainingSettings.from(model.spec().training(), 0), 2);
             MemoryScope scope = MemoryScope.open()) {
            Batch batch = trainer.batch(data, new int[] {2, 0});
            assertEquals(DType.F32, batch.targets().dtype());
            assertArrayEquals(new int[] {2, 1}, batch.targets().shape());
            assertArrayEquals(new float[] {1, 0}, batch.targets().toFloatArray());
        }
    }

    private static Map<String, float[]> weights(Model model) {
        Map<String, float[]> out = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : model.network().stateDict().entrySet()) {
            out.put(e.getKey(), e.getValue().toFloatArray());
        }
        return out;
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum;
    }
}
