package dev.lathe.cli.bench;

import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.autograd.GradMode;
import dev.lathe.layers.Sequential;
import dev.lathe.layers.spec.Model;
import dev.lathe.train.Trainer;
import dev.lathe.train.TrainingSettings;
import dev.lathe.train.data.ArrayDataset;
import dev.lathe.train.data.Batch;
import java.util.stream.IntStream;

/**
 * Training and inference throughput of one {@link BenchModels} model on the CPU, as
 * {@code bench/pytorch_models.py} measures PyTorch's: one synthetic batch of the spec's batch size
 * is made up front, then the {@link Trainer}'s own step (forward, loss, backward, optimizer step)
 * and an inference pass (evaluation mode, no gradients) are each timed as {@link Timing} does.
 * Samples per second are the batch size over the median time per call.
 */
final class ModelBenchmark {

    /** One model's measurements; {@code inputShape} is a batch's, [B, sample...]. */
    record Result(String model, int[] inputShape, Timing.Times train, Timing.Times inference) {

        int batch() {
            return inputShape[0];
        }

        double trainSamplesPerSecond() {
            return batch() / (train.medianMs() / 1000);
        }

        double inferenceSamplesPerSecond() {
            return batch() / (inference.medianMs() / 1000);
        }
    }

    private ModelBenchmark() {
    }

    static Result run(String name, Timing.Settings timing) {
        try (Model model = BenchModels.build(name)) {
            TrainingSettings settings = TrainingSettings.from(model.spec().training(), model.spec().seedOrDefault());
            ArrayDataset data = SyntheticBatch.of(model, settings.batchSize(), settings.seed());
            Sequential network = model.network();
            // the batch lives in this scope; each call's intermediates in the call's own
            try (Trainer trainer = new Trainer(model, settings, data.classCount()); MemoryScope held = MemoryScope.open()) {
                Batch batch = trainer.batch(data, IntStream.range(0, data.size()).toArray());
                Timing.Times train = Timing.measure(timing, () -> {
                    try (MemoryScope step = MemoryScope.open()) {
                        trainer.step(batch);
                    }
                });
                network.eval();
                Timing.Times inference;
                try (GradMode.Restore off = GradMode.noGrad()) {
                    inference = Timing.measure(timing, () -> {
                        try (MemoryScope pass = MemoryScope.open()) {
                            network.forward(batch.flow());
                        }
                    });
                }
                return new Result(name, batch.inputs().shape(), train, inference);
            }
        }
    }
}
