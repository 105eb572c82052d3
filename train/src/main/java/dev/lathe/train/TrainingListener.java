package dev.lathe.train;

import java.util.Map;

/** Hears how training goes: for progress bars, logs and tests. Every method has an empty default. */
public interface TrainingListener {

    default void epochStarted(int epoch, int epochs, int steps) {
    }

    /** After each optimizer step: the step within the epoch (1-based), the batch's loss and the epoch's throughput so far. */
    default void stepDone(int epoch, int step, int steps, double loss, double samplesPerSecond) {
    }

    /** After each epoch, with the metrics written to metrics.jsonl. */
    default void epochDone(int epoch, Map<String, Object> metrics) {
    }

    /** Free text worth showing (a resumed run, early stopping, an initialisation from a checkpoint). */
    default void message(String text) {
    }
}
