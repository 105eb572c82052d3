package dev.lathe.train;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.layers.spec.EarlyStoppingSpec;
import java.util.Map;

/**
 * Which metric decides the best epoch (val_loss by default, loss without validation data; lower is
 * better for losses, higher for the rest) and, when the spec asks for early stopping, after how
 * many epochs without an improvement larger than min_delta training stops (Keras's rules).
 */
final class EarlyStopping {

    private final String monitor;
    private final boolean lowerIsBetter;
    private final double minDelta;
    private final Integer patience;
    private final boolean restoreBest;

    EarlyStopping(EarlyStoppingSpec spec, boolean hasValidation) {
        String fallback = hasValidation ? "val_loss" : "loss";
        this.monitor = spec == null || spec.monitor() == null ? fallback : spec.monitor();
        this.lowerIsBetter = monitor.endsWith("loss");
        this.minDelta = spec == null || spec.minDelta() == null ? 0 : spec.minDelta();
        this.patience = spec == null ? null : spec.patience() == null ? 0 : spec.patience();
        this.restoreBest = spec != null && Boolean.TRUE.equals(spec.restoreBestWeights());
    }

    String monitor() {
        return monitor;
    }

    boolean restoreBest() {
        return restoreBest;
    }

    /** The state after an epoch with these metrics. */
    TrainingState update(TrainingState state, int epoch, long steps, Map<String, Object> metrics) {
        Object value = metrics.get(monitor);
        if (!(value instanceof Double current)) {
            throw new InvalidInputException("early_stopping.monitor '" + monitor + "' is not a metric of this run (metrics: "
                    + String.join(", ", metrics.keySet()) + ")");
        }
        boolean improved = Double.isNaN(state.best())
                || (lowerIsBetter ? current < state.best() - minDelta : current > state.best() + minDelta);
        double best = improved ? current : state.best();
        int bestEpoch = improved ? epoch : state.bestEpoch();
        int waited = improved ? 0 : state.epochsWithoutImprovement() + 1;
        boolean stop = patience != null && waited >= Math.max(patience, 1);
        return new TrainingState(epoch, steps, best, bestEpoch, waited, stop);
    }
}
