package dev.lathe.layers;

import dev.lathe.engine.Tensor;

/**
 * A module that can stand in a {@link Sequential}: it maps one input to one output and says
 * what output shape an input shape gives (shapes exclude the batch dimension), which is how a
 * model spec infers every layer's input size.
 */
public abstract class Layer extends Module {

    /** Transforms a batch of values. */
    public abstract Tensor forward(Tensor input);

    /**
     * Transforms values inside a sequential model. The default applies {@link #forward(Tensor)} and
     * passes the mask and segments on; sequence-aware layers (embeddings, recurrent layers,
     * pooling over time, BERT) override this to read or change them.
     */
    public Flow forward(Flow input) {
        return input.withValues(forward(input.values()));
    }

    /**
     * The shape of one output sample for one input sample of {@code inputShape}; throws
     * IllegalArgumentException naming the reason when the input cannot be fed to this layer.
     */
    public abstract int[] outputShape(int[] inputShape);

    /** What a summary table shows in its layer column, e.g. {@code Linear(784 → 128)}. */
    public String describe() {
        return getClass().getSimpleName();
    }
}
