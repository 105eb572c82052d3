package dev.lathe.layers.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Learning-rate schedule: step (× gamma every step_size epochs), exponential (× gamma each epoch),
 * cosine (to min_lr over the run), warmup_linear / warmup_cosine (linear warm-up over
 * warmup_steps or warmup_fraction of all steps, then linear or cosine decay).
 */
public record ScheduleSpec(@JsonProperty(required = true) Kind type, Integer stepSize, Double gamma, Integer warmupSteps,
                           Double warmupFraction, Double minLr) {

    public enum Kind {
        @JsonProperty("step") STEP,
        @JsonProperty("exponential") EXPONENTIAL,
        @JsonProperty("cosine") COSINE,
        @JsonProperty("warmup_linear") WARMUP_LINEAR,
        @JsonProperty("warmup_cosine") WARMUP_COSINE
    }
}
