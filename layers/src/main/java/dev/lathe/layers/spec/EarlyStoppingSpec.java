package dev.lathe.layers.spec;

/** Stop when the monitored metric (default val_loss) has not improved by min_delta for patience epochs. */
public record EarlyStoppingSpec(String monitor, Integer patience, Double minDelta, Boolean restoreBestWeights) {
}
