package dev.lathe.layers;

import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import java.util.Arrays;

/**
 * Pooling over the time axis of [N, T, C] into [N, C], as Keras's global 1-d pooling layers
 * (channels last). When the flow carries a mask only the real steps are pooled, and the output
 * has no time axis, so no mask.
 */
public abstract class GlobalPool1d extends Layer {

    GlobalPool1d() {
    }

    /** Pools {@code values} [N, T, C] over T; {@code mask} [N, T] marks the real steps, or is null when all are real. */
    abstract Tensor pool(Tensor values, Tensor mask);

    @Override
    public Tensor forward(Tensor input) {
        return forward(Flow.of(input)).values();
    }

    @Override
    public Flow forward(Flow input) {
        Tensor values = input.values();
        Tensor mask = input.mask();
        if (values.dim() != 3) {
            throw new IllegalArgumentException(describe() + " needs input [N, T, C], got " + values.describe());
        }
        if (mask != null && !Arrays.equals(mask.shape(), Arrays.copyOf(values.shape(), 2))) {
            throw new IllegalArgumentException(describe() + ": mask " + mask.describe() + " does not match input " + values.describe());
        }
        return input.withoutTime(pool(values, mask == null ? null : mask.unsqueeze(2)));
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 2) {
            throw new IllegalArgumentException(describe() + " needs inputs [T, C], got [" + Shapes.format(inputShape) + "]");
        }
        return new int[] {inputShape[1]};
    }
}
