package dev.lathe.layers.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How {@code lathe train} trains the model: loss, optimizer and optional schedule, batch size and
 * epochs, validation, regularisation, clipping, early stopping, and the data to read.
 */
public record TrainingSpec(
        @JsonProperty(required = true) LossSpec loss,
        @JsonProperty(required = true) OptimizerSpec optimizer,
        ScheduleSpec schedule,
        @JsonProperty(required = true) int batchSize,
        @JsonProperty(required = true) int epochs,
        Double validationSplit,
        Boolean shuffle,
        Double l1,
        Double l2,
        Double clipGradNorm,
        Double clipGradValue,
        EarlyStoppingSpec earlyStopping,
        String initFrom,
        DataSpec data) {
}
