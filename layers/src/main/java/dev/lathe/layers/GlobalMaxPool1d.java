package dev.lathe.layers;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Reductions;

/**
 * Maximum over time of [N, T, C] → [N, C], as Keras's GlobalMaxPooling1D; with a mask, padded
 * steps are left out (a sequence with no real step gives −∞).
 */
public final class GlobalMaxPool1d extends GlobalPool1d {

    @Override
    Tensor pool(Tensor values, Tensor mask) {
        Tensor candidates = mask == null ? values
                : Elementwise.where(mask, values, Tensors.scalarLike(values, Double.NEGATIVE_INFINITY));
        return Reductions.max(candidates, 1, false);
    }
}
