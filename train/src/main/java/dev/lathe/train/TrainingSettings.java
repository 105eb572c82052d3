package dev.lathe.train;

import dev.lathe.engine.Device;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.layers.spec.EarlyStoppingSpec;
import dev.lathe.layers.spec.LossSpec;
import dev.lathe.layers.spec.OptimizerSpec;
import dev.lathe.layers.spec.ScheduleSpec;
import dev.lathe.layers.spec.TrainingSpec;

/**
 * A spec's training section with its defaults filled in and the command line's overrides
 * (epochs, batch size, learning rate, seed, device) applied.
 */
public record TrainingSettings(int epochs, int batchSize, long seed, Device device, double validationSplit, boolean shuffle,
                               double l1, double l2, Double clipGradNorm, Double clipGradValue, EarlyStoppingSpec earlyStopping,
                               LossSpec loss, OptimizerSpec optimizer, ScheduleSpec schedule) {

    public static TrainingSettings from(TrainingSpec spec, long seed) {
        if (spec == null) {
            throw new InvalidInputException("the spec has no training section: add \"training\" with loss, optimizer, batch_size and epochs");
        }
        return new TrainingSettings(spec.epochs(), spec.batchSize(), seed, Device.CPU, orZero(spec.validationSplit()),
                spec.shuffle() == null || spec.shuffle(), orZero(spec.l1()), orZero(spec.l2()), spec.clipGradNorm(),
                spec.clipGradValue(), spec.earlyStopping(), spec.loss(), spec.optimizer(), spec.schedule());
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    public double learningRate() {
        return optimizer.lr();
    }

    public TrainingSettings withEpochs(int value) {
        positive("--epochs", value);
        return new TrainingSettings(value, batchSize, seed, device, validationSplit, shuffle, l1, l2, clipGradNorm, clipGradValue,
                earlyStopping, loss, optimizer, schedule);
    }

    public TrainingSettings withBatchSize(int value) {
        positive("--batch-size", value);
        return new TrainingSettings(epochs, value, seed, device, validationSplit, shuffle, l1, l2, clipGradNorm, clipGradValue,
                earlyStopping, loss, optimizer, schedule);
    }

    public TrainingSettings withLearningRate(double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidInputException("--lr must be a positive number, got " + value);
        }
        OptimizerSpec o = optimizer;
        OptimizerSpec changed = new OptimizerSpec(o.type(), value, o.momentum(), o.nesterov(), o.weightDecay(), o.betas(), o.eps(), o.alpha());
        return new TrainingSettings(epochs, batchSize, seed, device, validationSplit, shuffle, l1, l2, clipGradNorm, clipGradValue,
                earlyStopping, loss, changed, schedule);
    }

    public TrainingSettings withSeed(long value) {
        return new TrainingSettings(epochs, batchSize, value, device, validationSplit, shuffle, l1, l2, clipGradNorm, clipGradValue,
                earlyStopping, loss, optimizer, schedule);
    }

    public TrainingSettings withDevice(Device value) {
        return new TrainingSettings(epochs, batchSize, seed, value, validationSplit, shuffle, l1, l2, clipGradNorm, clipGradValue,
                earlyStopping, loss, optimizer, schedule);
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new InvalidInputException(option + " must be a positive integer, got " + value);
        }
    }
}
