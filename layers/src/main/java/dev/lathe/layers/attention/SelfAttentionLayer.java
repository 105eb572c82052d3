package dev.lathe.layers.attention;

import dev.lathe.engine.Tensor;
import dev.lathe.layers.Flow;
import dev.lathe.layers.Layer;

/** A layer over sequences [N, T, E] that attends only to real steps: a Flow's mask becomes its key padding mask. */
abstract class SelfAttentionLayer extends Layer {

    /** Over x [N, T, E]; keys where {@code keyMask} [N, T] is 0 are ignored (null: none are). */
    public abstract Tensor forward(Tensor x, Tensor keyMask);

    /** Every step is real. */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null);
    }

    @Override
    public Flow forward(Flow input) {
        return input.withValues(forward(input.values(), input.mask()));
    }
}
