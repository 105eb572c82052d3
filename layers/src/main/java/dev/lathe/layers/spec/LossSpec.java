package dev.lathe.layers.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The loss, by name ({@code "cross_entropy"}) or with settings. cross_entropy and
 * binary_cross_entropy_with_logits take logits; where the model ends in softmax or sigmoid, the
 * trainer computes the loss from the logits before it (the stable form), as Keras does.
 */
public record LossSpec(@JsonProperty(required = true) Kind type, Double labelSmoothing, double[] classWeights, Integer ignoreIndex) {

    public enum Kind {
        @JsonProperty("mse") MSE,
        @JsonProperty("cross_entropy") CROSS_ENTROPY,
        @JsonProperty("binary_cross_entropy") BINARY_CROSS_ENTROPY,
        @JsonProperty("binary_cross_entropy_with_logits") BINARY_CROSS_ENTROPY_WITH_LOGITS
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public LossSpec {
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static LossSpec named(String type) {
        return new LossSpec(SpecNames.parse(Kind.class, type, "loss"), null, null, null);
    }
}
