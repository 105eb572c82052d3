package dev.lathe.cli.bench;

import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.autograd.GradMode;
import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.cuda.CudaBackend;
import dev.lathe.layers.Sequential;
import dev.lathe.layers.spec.Model;
import dev.lathe.train.Trainer;
import dev.lathe.train.TrainingSettings;
import dev.lathe.train.data.ArrayDataset;
import dev.lathe.train.data.Batch;
import java.util.stream.IntStream;

/**
 * Training and inference throughput of one {@link BenchModels} model on a backend's device, as
 * {@code bench/pytorch_models.py} measures PyTorch's: the model is moved there and one synthetic
 * batch of the spec's batch size is made there up front, then the {@link Trainer}'s own step
 * (forward, loss, backward, optimizer step) and an inference pass (evaluation mode, no gradients) are each timed as {@link Timing} does.
 * Samples per second are the batch size over the median time per call. A GPU runs its work
 * asynchronously, so each timed call ends by waiting for the GPU's queue to drain.
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

    static Result run(String name, Backend backend, Timing.Settings timing) {
        try (Model model = BenchModels.build(name)) {
            TrainingSettings settings = TrainingSettings.from(model.spec().training(), model.spec().seedOrDefault())
                    .withDevice(backend.device());
            ArrayDataset data = SyntheticBatch.of(model, settings.batchSize(), settings.seed());
            Sequential network = model.network();
            network.to(backend.device());
            Runnable drain = drainQueue(backend);
            // the batch lives in this scope; each call's intermediates in the call's own
            try (Trainer trainer = new Trainer(model, settings, data.classCount()); MemoryScope held = MemoryScope.open()) {
                Batch batch = trainer.batch(data, IntStream.range(0, data.size()).toArray());
                Timing.Times train = Timing.measure(timing, () -> {
                    try (MemoryScope step = MemoryScope.open()) {
                        trainer.step(batch);
                        drain.run();
                    }
                });
                network.eval();
                Timing.Times inference;
                try (GradMode.Restore off = GradMode.noGrad()) {
                    inference = Timing.measure(timing, () -> {
                        try (MemoryScope pass = MemoryScope.open()) {
                            network.forward(batch.flow());
                            drain.run();
                        }
                    });
                }
                return new Result(name, batch.inputs().shape(), train, inference);
            }
        }
    }

    /** Waits for the device's queued work: a GPU's stream; the CPU has finished when a call returns. */
    private static Runnable drainQueue(Backend backend) {
        return backend instanceof CudaBackend cuda ? cuda::synchronize : () -> { };
    }
}
