package dev.lathe.layers.spec;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Convolution padding: {@code "valid"} (none), {@code "same"} (output size = input size at stride 1), or explicit sizes. */
public record PaddingSpec(String mode, Size2 size) {

    public static final String VALID = "valid";
    public static final String SAME = "same";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static PaddingSpec named(String mode) {
        if (!mode.equals(VALID) && !mode.equals(SAME)) {
            throw new IllegalArgumentException("padding must be \"valid\", \"same\", a number or [height, width], got \"" + mode + "\"");
        }
        return new PaddingSpec(mode, null);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static PaddingSpec square(int size) {
        return new PaddingSpec(null, Size2.square(size));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static PaddingSpec pair(int[] sizes) {
        return new PaddingSpec(null, Size2.pair(sizes));
    }
}
