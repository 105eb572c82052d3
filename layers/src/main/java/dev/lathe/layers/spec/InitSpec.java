package dev.lathe.layers.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A parameter initialiser: a name ({@code "glorot_uniform"}) or an object with its settings
 * ({@code {"type": "uniform", "limit": 0.05}}).
 */
public record InitSpec(@JsonProperty(required = true) Kind type, Double limit, Double std, Double value) {

    public enum Kind {
        @JsonProperty("default") DEFAULT,
        @JsonProperty("glorot_uniform") GLOROT_UNIFORM,
        @JsonProperty("he_normal") HE_NORMAL,
        @JsonProperty("uniform") UNIFORM,
        @JsonProperty("normal") NORMAL,
        @JsonProperty("constant") CONSTANT,
        @JsonProperty("zeros") ZEROS,
        @JsonProperty("ones") ONES
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public InitSpec {
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static InitSpec named(String type) {
        return new InitSpec(SpecNames.parse(Kind.class, type, "initializer"), null, null, null);
    }
}
