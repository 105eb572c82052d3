package dev.lathe.train.loss;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Reductions;
import dev.lathe.layers.Parameter;
import java.util.Collection;

/**
 * L1/L2 penalties added to the loss, like Keras' kernel_regularizer on every layer: l1·Σ|w| + l2·Σw²
 * (no ½) over the weight matrices and kernels — parameters of rank ≥ 2 — and not over biases or
 * normalisation scales, whose decay only hurts. (PyTorch's optimizer weight_decay, which touches every
 * parameter, is the optimizer's weight_decay setting instead.)
 */
public final class Regularization {

    private Regularization() {
    }

    /** The penalty as a scalar with a gradient, or null when both strengths are 0 (or nothing has rank ≥ 2). */
    public static Tensor penalty(Collection<Parameter> params, double l1, double l2) {
        if (!(l1 >= 0 && l2 >= 0 && Double.isFinite(l1) && Double.isFinite(l2))) {
            throw new IllegalArgumentException("regularisation strengths must be numbers >= 0, got l1 " + l1 + " and l2 " + l2);
        }
        if (l1 == 0 && l2 == 0) {
            return null;
        }
        Tensor total = null;
        for (Parameter p : params) {
            Tensor w = p.value();
            if (w.dim() < 2) {
                continue;
            }
            Tensor term = null;
            if (l1 != 0) {
                term = Reductions.sumAll(Elementwise.abs(w)).mul(l1);
            }
            if (l2 != 0) {
                Tensor squares = Reductions.sumAll(w.mul(w)).mul(l2);
                term = term == null ? squares : term.add(squares);
            }
            total = total == null ? term : total.add(term);
        }
        return total;
    }
}
