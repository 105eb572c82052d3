package dev.lathe.train;

import dev.lathe.engine.Generator;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.autograd.GradMode;
import dev.lathe.layers.Checkpoint;
import dev.lathe.layers.Parameter;
import dev.lathe.layers.Sequential;
import dev.lathe.layers.spec.Model;
import dev.lathe.train.data.ArrayDataset;
import dev.lathe.train.data.Batch;
import dev.lathe.train.data.BatchLoader;
import dev.lathe.train.loss.Objective;
import dev.lathe.train.loss.Objectives;
import dev.lathe.train.loss.Regularization;
import dev.lathe.train.optim.GradientClipping;
import dev.lathe.train.optim.LearningRateSchedule;
import dev.lathe.train.optim.LearningRateSchedules;
import dev.lathe.train.optim.Optimizer;
import dev.lathe.train.optim.Optimizers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a spec-built model, as Keras's fit/evaluate/predict: seeded shuffled batches (a background
 * thread prepares the next), one optimizer step per batch inside its own memory scope, metrics per
 * epoch, checkpoints and early stopping. A run is reproducible from its seed: batch order and
 * dropout masks depend only on the seed and the epoch, so a run resumed after epoch k ends exactly
 * as the uninterrupted run does.
 */
public final class Trainer implements AutoCloseable {

    private final Model model;
    private final Sequential network;
    private final TrainingSettings settings;
    private final int classCount;
    private final OutputHead head;
    private final Objective objective;
    private final Optimizer optimizer;
    private final Collection<Parameter> parameters;
    private TrainingState state = TrainingState.fresh();

    /** {@code classCount}: the number of classes of the data, or 0 for regression targets. */
    public Trainer(Model model, TrainingSettings settings, int classCount) {
        this.model = model;
        this.network = model.network();
        this.settings = settings;
        this.classCount = classCount;
        this.head = OutputHead.of(network, model.summary().layers().get(model.summary().layers().size() - 1).outputShape(),
                classCount, settings.loss().type());
        this.objective = Objectives.create(settings.loss(), head.foldsActivation(), classCount);
        this.parameters = network.namedParameters().values();
        this.optimizer = Optimizers.create(settings.optimizer(), network.namedParameters());
    }

    /** Continues the run saved in a resume checkpoint: weights, optimizer state and the epoch it had reached. */
    public void resumeFrom(Path resumeCheckpoint) {
        state = ResumeCheckpoint.load(resumeCheckpoint, network, optimizer);
    }

    /** The number of epochs finished so far (after a resume, those of the earlier run too). */
    public int epochsDone() {
        return state.epochsDone();
    }

    /**
     * Trains for the settings' epochs (from where a resumed run stood), evaluating on
     * {@code validation} (may be null) after each. With a run folder, writes the metrics, plot and
     * checkpoints there. Returns every epoch's metrics.
     */
    public List<Map<String, Object>> fit(ArrayDataset train, ArrayDataset validation, RunDirectory run, TrainingListener listener) {
        BatchLoader loader = loader(train, settings.shuffle());
        int steps = loader.batchCount();
        LearningRateSchedule schedule = LearningRateSchedules.create(settings.schedule(), settings.learningRate(), steps,
                (long) steps * settings.epochs());
        EarlyStopping stopping = new EarlyStopping(settings.earlyStopping(), validation != null);
        List<Map<String, Object>> history = new ArrayList<>();
        if (run != null) {
            run.keepEpochs(state.epochsDone());
        }
        for (int epoch = state.epochsDone() + 1; epoch <= settings.epochs() && !state.stopped(); epoch++) {
            reseedDropout(epoch);
            network.train(true);
            listener.epochStarted(epoch, settings.epochs(), steps);
            long started = System.nanoTime();
            EpochTotals totals = new EpochTotals(classCount, head.kind());
            int step = 0;
            for (Iterator<Batch> batches = loader.epoch(epoch); batches.hasNext(); ) {
                step++;
                double lr = schedule.at(optimizer.steps());
                double loss;
                // the batch's tensors, like the step's intermediates, belong to the step's scope
                try (MemoryScope scope = MemoryScope.open()) {
                    loss = trainStep(batches.next(), lr, totals, epoch, step, run);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                listener.stepDone(epoch, step, steps, loss, totals.samples / Math.max(seconds, 1e-9));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("epoch", epoch);
            metrics.putAll(totals.metrics());
            if (validation != null) {
                metrics.putAll(evaluate(validation).toMap("val_"));
            }
            metrics.put("lr", optimizer.learningRate());
            metrics.put("seconds", seconds);
            metrics.put("samples_per_second", totals.samples / seconds);
            TrainingState next = stopping.update(state, epoch, optimizer.steps(), metrics);
            boolean best = next.bestEpoch() == epoch;
            state = next;
            if (run != null) {
                saveCheckpoints(run, best);
                run.recordEpoch(metrics);
            }
            history.add(metrics);
            listener.epochDone(epoch, metrics);
            if (state.stopped()) {
                listener.message("early stopping after epoch " + epoch + ": " + stopping.monitor() + " has not improved since epoch "
                        + state.bestEpoch());
            }
        }
        if (stopping.restoreBest() && run != null && state.bestEpoch() > 0 && state.bestEpoch() != state.epochsDone()) {
            Checkpoint.load(network, run.bestCheckpoint());
            listener.message("restored the weights of the best epoch, " + state.bestEpoch());
        }
        return history;
    }

    /**
     * The samples of {@code data} at {@code indices} as one batch in the form this trainer's loss
     * takes (binary labels as values), on the training device, as {@link #fit} gathers each batch.
     */
    public Batch batch(ArrayDataset data, int[] indices) {
        return data.batch(indices, settings.device(), labelsAsValues());
    }

    /**
     * One optimizer step on {@code batch} in training mode at the optimizer's current learning
     * rate, exactly as {@link #fit} takes each step, inside the caller's memory scope; returns the
     * loss (with any penalty). It lets a benchmark time the step alone, without loading batches.
     */
    public double step(Batch batch) {
        network.train(true);
        // a divergence message names the optimizer's step count, for there is no epoch of batches here
        return trainStep(batch, optimizer.learningRate(), new EpochTotals(classCount, head.kind()), state.epochsDone() + 1,
                (int) (optimizer.steps() + 1), null);
    }

    /** One optimizer step on a batch, inside the caller's memory scope; returns the loss (with any penalty). */
    private double trainStep(Batch batch, double lr, EpochTotals totals, int epoch, int step, RunDirectory run) {
        Tensor raw = head.raw(batch.flow());
        Tensor loss = objective.loss(raw, batch.targets());
        Tensor penalty = Regularization.penalty(parameters, settings.l1(), settings.l2());
        Tensor total = penalty == null ? loss : loss.add(penalty);
        double value = total.item();
        if (!Double.isFinite(value)) {
            throw new TrainingDivergedException("the loss became " + value + " at epoch " + epoch + ", step " + step
                    + " (learning rate " + lr + "); training stopped"
                    + (run != null && state.epochsDone() > 0 ? "; the checkpoints of epoch " + state.epochsDone() + " in "
                    + run.checkpoints() + " are intact" : ""));
        }
        total.backward();
        if (settings.clipGradValue() != null) {
            GradientClipping.clipByValue(parameters, settings.clipGradValue());
        }
        if (settings.clipGradNorm() != null) {
            GradientClipping.clipByNorm(parameters, settings.clipGradNorm());
        }
        optimizer.setLearningRate(lr);
        optimizer.step();
        optimizer.zeroGrad();
        totals.add(batch, loss.item(), head, raw);
        return value;
    }

    private void saveCheckpoints(RunDirectory run, boolean best) {
        Map<String, String> metadata = Map.of(ResumeCheckpoint.SPEC_KEY, model.specText());
        Checkpoint.save(network, run.lastCheckpoint(), metadata);
        if (best) {
            Checkpoint.save(network, run.bestCheckpoint(), metadata);
        }
        ResumeCheckpoint.save(run.resumeCheckpoint(), network, optimizer, state, model.specText());
    }

    /** Dropout masks depend only on the seed and the epoch, never on how many steps ran before in this process. */
    private void reseedDropout(int epoch) {
        List<Generator> generators = network.generators();
        for (int i = 0; i < generators.size(); i++) {
            generators.get(i).reseed(mix(settings.seed(), epoch, i));
        }
    }

    static long mix(long seed, long a, long b) {
        long h = seed * 0x9E3779B97F4A7C15L + a;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + b;
        return h ^ (h >>> 29);
    }

    private BatchLoader loader(ArrayDataset data, boolean shuffle) {
        return shuffle ? BatchLoader.shuffled(data, settings.batchSize(), settings.device(), labelsAsValues(), settings.seed())
                : BatchLoader.inOrder(data, settings.batchSize(), settings.device(), labelsAsValues());
    }

    /** Binary cross-entropy reads the labels as values, F32 [B, 1]. */
    private boolean labelsAsValues() {
        return head.kind() == OutputHead.Kind.BINARY;
    }

    /** Loss and classification metrics of the model (in evaluation mode) on {@code data}. */
    public Evaluation evaluate(ArrayDataset data) {
        network.eval();
        EpochTotals totals = new EpochTotals(classCount, head.kind());
        try (GradMode.Restore off = GradMode.noGrad()) {
            for (Iterator<Batch> batches = loader(data, false).epoch(0); batches.hasNext(); ) {
                try (MemoryScope scope = MemoryScope.open()) {
                    Batch batch = batches.next();
                    Tensor raw = head.raw(batch.flow());
                    totals.add(batch, objective.loss(raw, batch.targets()).item(), head, raw);
                }
            }
        }
        return totals.evaluation();
    }

    /** Class probabilities (regression: outputs) for every sample, in order, with the predicted classes. */
    public Predictions predict(ArrayDataset data) {
        network.eval();
        List<float[]> parts = new ArrayList<>();
        List<int[]> classes = new ArrayList<>();
        int[] shape = null;
        try (GradMode.Restore off = GradMode.noGrad()) {
            for (Iterator<Batch> batches = loader(data, false).epoch(0); batches.hasNext(); ) {
                try (MemoryScope scope = MemoryScope.open()) {
                    Batch batch = batches.next();
                    Tensor raw = head.raw(batch.flow());
                    Tensor out = head.predictions(raw);
                    shape = out.shape();
                    parts.add(out.toFloatArray());
                    classes.add(head.kind() == OutputHead.Kind.VALUES ? null : head.classes(raw));
                }
            }
        }
        return Predictions.join(parts, classes, shape);
    }

    /** Frees the optimizer's state (the model belongs to the caller). */
    @Override
    public void close() {
        optimizer.close();
    }

    /** Running sums over an epoch's batches. */
    private static final class EpochTotals {
        private final ClassificationMetrics classification;
        private double lossSum;
        private long samples;

        EpochTotals(int classCount, OutputHead.Kind kind) {
            this.classification = kind == OutputHead.Kind.VALUES ? null : new ClassificationMetrics(Math.max(classCount, 2));
        }

        void add(Batch batch, double loss, OutputHead head, Tensor raw) {
            int n = batch.size();
            lossSum += loss * n;
            samples += n;
            if (classification != null) {
                int[] truth = head.kind() == OutputHead.Kind.BINARY ? binary(batch.targets().toFloatArray()) : batch.targets().toIntArray();
                classification.add(truth, head.classes(raw));
            }
        }

        private static int[] binary(float[] values) {
            int[] out = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = values[i] > 0.5 ? 1 : 0;
            }
            return out;
        }

        Map<String, Object> metrics() {
            return evaluation().toMap("");
        }

        Evaluation evaluation() {
            return new Evaluation(samples, lossSum / samples, classification);
        }
    }
}
