package dev.lathe.layers;

import dev.lathe.engine.Tensor;

/**
 * What passes between the layers of a {@link Sequential}: the values and, for padded sequences,
 * the mask of real time steps ([N, T], 1 for a real step, 0 for padding; null when every step is
 * real), plus BERT's segment ids ([N, T] I32, or null for all zeros). Layers that do not care about
 * sequences transform the values and pass the rest on.
 */
public record Flow(Tensor values, Tensor mask, Tensor segments) {

    public static Flow of(Tensor values) {
        return new Flow(values, null, null);
    }

    public Flow withValues(Tensor newValues) {
        return new Flow(newValues, mask, segments);
    }

    /** The values after a layer that removes the time axis: the mask no longer applies. */
    public Flow withoutTime(Tensor newValues) {
        return new Flow(newValues, null, null);
    }
}
