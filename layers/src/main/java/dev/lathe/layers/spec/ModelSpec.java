package dev.lathe.layers.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A model spec file: the model's input, its layers in order, and how to train it. The format is
 * documented in docs/model-spec.md and described by docs/model-spec.schema.json.
 */
public record ModelSpec(
        @JsonProperty(required = true) String name,
        String description,
        Long seed,
        @JsonProperty(required = true) InputSpec input,
        @JsonProperty(required = true) List<LayerSpec> layers,
        TrainingSpec training) {

    /** The seed of parameter initialisation (0 when the spec gives none). */
    public long seedOrDefault() {
        return seed == null ? 0 : seed;
    }
}
