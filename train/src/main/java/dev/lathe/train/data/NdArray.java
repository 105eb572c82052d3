package dev.lathe.train.data;

import dev.lathe.engine.Shapes;

/**
 * An n-dimensional array read from a file, in C order: integer element types arrive as ints
 * (labels, token ids, raw pixels), floating ones as floats. Exactly one of the two is non-null.
 */
public final class NdArray {

    private final int[] shape;
    private final float[] floats;
    private final int[] ints;

    private NdArray(int[] shape, float[] floats, int[] ints) {
        this.shape = shape.clone();
        this.floats = floats;
        this.ints = ints;
        int length = floats != null ? floats.length : ints.length;
        if (length != Shapes.numel(shape)) {
            throw new IllegalArgumentException("an array of shape [" + Shapes.format(shape) + "] needs "
                    + Shapes.numel(shape) + " values, got " + length);
        }
    }

    public static NdArray ofFloats(float[] values, int... shape) {
        return new NdArray(shape, values, null);
    }

    public static NdArray ofInts(int[] values, int... shape) {
        return new NdArray(shape, null, values);
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The number of values. */
    public int size() {
        return floats != null ? floats.length : ints.length;
    }

    public boolean isInteger() {
        return ints != null;
    }

    /** The float values (not a copy); null for an integer array. */
    public float[] floats() {
        return floats;
    }

    /** The int values (not a copy); null for a floating array. */
    public int[] ints() {
        return ints;
    }

    /** Every value times {@code scale}, as floats (a new array). */
    public float[] toFloats(float scale) {
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (floats != null ? floats[i] : ints[i]) * scale;
        }
        return out;
    }
}
