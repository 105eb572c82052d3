package dev.lathe.layers.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The optimizer and its settings; those left out take PyTorch's defaults. */
public record OptimizerSpec(@JsonProperty(required = true) Kind type, @JsonProperty(required = true) double lr,
                            Double momentum, Boolean nesterov, Double weightDecay, double[] betas, Double eps,
                            Double alpha) {

    public enum Kind {
        @JsonProperty("sgd") SGD,
        @JsonProperty("adam") ADAM,
        @JsonProperty("adamw") ADAMW,
        @JsonProperty("rmsprop") RMSPROP
    }
}
