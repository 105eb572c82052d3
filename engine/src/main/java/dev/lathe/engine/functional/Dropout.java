package dev.lathe.engine.functional;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.ops.Elementwise;

/** Inverted dropout: zero each element with probability p and scale the rest by 1/(1-p) while training. */
public final class Dropout {

    private Dropout() {
    }

    public static Tensor dropout(Tensor x, double p, boolean training, Generator generator) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("dropout probability must lie in [0, 1], got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        if (p == 1) {
            return Elementwise.mul(x, Tensors.scalarLike(x, 0));
        }
        Tensor keep = Tensors.bernoulli(1 - p, x.dtype(), x.device(), generator, x.shape());
        return Elementwise.mul(x, Elementwise.mul(keep, Tensors.scalarLike(x, 1 / (1 - p))));
    }
}
