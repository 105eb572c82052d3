package dev.lathe.layers;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Reductions;

/**
 * Mean over time of [N, T, C] → [N, C], as Keras's GlobalAveragePooling1D: with a mask,
 * sum(x · mask) / sum(mask), so padded steps neither add to the sum nor to the count (a sequence
 * with no real step gives NaN, as in Keras).
 */
public final class GlobalAvgPool1d extends GlobalPool1d {

    @Override
    Tensor pool(Tensor values, Tensor mask) {
        if (mask == null) {
            return Reductions.mean(values, 1, false);
        }
        return Elementwise.div(Reductions.sum(Elementwise.mul(values, mask), 1, false), Reductions.sum(mask, 1, false));
    }
}
