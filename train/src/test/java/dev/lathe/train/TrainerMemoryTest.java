package dev.lathe.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lathe.engine.Storage;
import dev.lathe.layers.spec.Model;
import dev.lathe.layers.spec.ModelBuilder;
import dev.lathe.train.data.ArrayDataset;
import org.junit.jupiter.api.Test;

/** Every step's intermediates are freed: after fitting and closing the trainer, only the model's own storages are alive. */
class TrainerMemoryTest {

    @Test
    void fitLeavesNoStorageBehind() {
        String spec = """
                {"name": "memory", "input": {"shape": [6]},
                 "layers": [{"type": "linear", "units": 8, "activation": "relu"}, {"type": "dropout", "p": 0.2},
                            {"type": "linear", "units": 3}],
                 "training": {"loss": "cross_entropy", "optimizer": {"type": "adam", "lr": 0.01}, "batch_size": 8, "epochs": 3}}
                """;
        ArrayDataset train = ResumeTest.clusters(64, 1);
        ArrayDataset validation = ResumeTest.clusters(16, 2);
        try (Model model = ModelBuilder.build(spec, "memory.json", null)) {
            long before = Storage.liveCount();
            try (Trainer trainer = new Trainer(model, TrainingSettings.from(model.spec().training(), 0), 3)) {
                trainer.fit(train, validation, null, new TrainingListener() { });
                trainer.evaluate(validation);
                trainer.predict(validation);
            }
            assertEquals(before, Storage.liveCount());
        }
    }
}
