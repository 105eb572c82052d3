package dev.lathe.layers.spec;

import com.fasterxml.jackson.annotation.JsonCreator;

/** A 2-d size written as one number for both axes ({@code 3}) or as {@code [height, width]}. */
public record Size2(int height, int width) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Size2 square(int size) {
        return new Size2(size, size);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Size2 pair(int[] sizes) {
        if (sizes.length != 2) {
            throw new IllegalArgumentException("expected one number or [height, width], got " + sizes.length + " numbers");
        }
        return new Size2(sizes[0], sizes[1]);
    }

    @Override
    public String toString() {
        return height == width ? Integer.toString(height) : "[" + height + ", " + width + "]";
    }
}
