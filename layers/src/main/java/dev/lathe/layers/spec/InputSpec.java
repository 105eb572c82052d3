package dev.lathe.layers.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One input sample: its shape without the batch dimension, and whether it holds floats or token ids. */
public record InputSpec(@JsonProperty(required = true) int[] shape, ValueType dtype) {

    public enum ValueType {
        @JsonProperty("float32") FLOAT32,
        @JsonProperty("int32") INT32
    }

    public ValueType dtypeOrDefault() {
        return dtype == null ? ValueType.FLOAT32 : dtype;
    }
}
