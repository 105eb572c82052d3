package dev.lathe.train.data;

import dev.lathe.engine.Tensor;
import dev.lathe.layers.Flow;

/**
 * One batch, ready for a model: the inputs ([B, sample...] F32, or I32 token ids [B, T]), the mask
 * of real tokens ([B, T] F32, or null), segment ids ([B, T] I32, or null), and the targets: class
 * indices ([B] I32) or values ([B, target...] F32).
 */
public record Batch(Tensor inputs, Tensor mask, Tensor segments, Tensor targets) {

    /** What a sequential model takes. */
    public Flow flow() {
        return new Flow(inputs, mask, segments);
    }

    public int size() {
        return inputs.size(0);
    }
}
