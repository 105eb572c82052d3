package dev.lathe.train.optim;

import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.autograd.GradMode;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Reductions;
import dev.lathe.layers.Parameter;
import java.util.Collection;

/** Gradient clipping in place, as torch.nn.utils.clip_grad_norm_ and clip_grad_value_. Parameters without a gradient are skipped. */
public final class GradientClipping {

    private GradientClipping() {
    }

    /**
     * Scales every gradient by min(1, maxNorm / (norm + 1e-6)), where norm is the L2 norm of all
     * gradients together (as if concatenated). Returns that norm, taken before clipping; one host
     * read per call.
     */
    public static double clipByNorm(Collection<Parameter> params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clip_grad_norm: the maximum norm must be > 0, got " + maxNorm);
        }
        try (GradMode.Restore off = GradMode.noGrad(); MemoryScope scope = MemoryScope.open()) {
            Tensor sumOfSquares = null;
            for (Parameter p : params) {
                Tensor g = p.grad();
                if (g != null) {
                    // summed on the device in the gradients' dtype, as PyTorch does, so that only the total is read back
                    Tensor part = Reductions.sumAll(g.mul(g));
                    sumOfSquares = sumOfSquares == null ? part : sumOfSquares.add(part);
                }
            }
            if (sumOfSquares == null) {
                return 0;
            }
            double norm = Math.sqrt(sumOfSquares.item());
            double coefficient = maxNorm / (norm + 1e-6);
            // !(c >= 1) also scales by a NaN coefficient when the norm is NaN, as PyTorch does
            if (!(coefficient >= 1)) {
                for (Parameter p : params) {
                    Tensor g = p.grad();
                    if (g != null) {
                        g.backend().copy(g.mul(coefficient), g);
                    }
                }
            }
            return norm;
        }
    }

    /** Clamps every gradient element into [−limit, limit]. */
    public static void clipByValue(Collection<Parameter> params, double limit) {
        if (!(limit > 0)) {
            throw new IllegalArgumentException("clip_grad_value: the limit must be > 0, got " + limit);
        }
        try (GradMode.Restore off = GradMode.noGrad(); MemoryScope scope = MemoryScope.open()) {
            for (Parameter p : params) {
                Tensor g = p.grad();
                if (g != null) {
                    Tensor clamped = Elementwise.minimum(Elementwise.maximum(g, Tensors.scalarLike(g, -limit)), Tensors.scalarLike(g, limit));
                    g.backend().copy(clamped, g);
                }
            }
        }
    }
}
