package dev.lathe.engine.ops;

import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.AdamStep;
import java.util.Arrays;

/**
 * Optimizer updates that rewrite a parameter and its optimizer state in place in one backend pass.
 * They record nothing for autograd: optimizers run them under no-grad on leaf tensors.
 */
public final class FusedUpdates {

    private FusedUpdates() {
    }

    /**
     * One Adam/AdamW update: {@code expAvg}, {@code expAvgSq} and then {@code value} are rewritten as
     * torch.optim.Adam's step does. The value and both moments must be contiguous tensors of one
     * shape, dtype and device; the gradient must match them in shape, dtype and device.
     */
    public static void adam(Tensor value, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamStep step) {
        for (Tensor t : new Tensor[] {grad, expAvg, expAvgSq}) {
            if (!Arrays.equals(t.shape(), value.shape()) || t.dtype() != value.dtype() || !t.device().equals(value.device())) {
                throw new IllegalArgumentException("adam update: " + t.describe() + " does not match the parameter " + value.describe());
            }
        }
        for (Tensor t : new Tensor[] {value, expAvg, expAvgSq}) {
            if (!t.isContiguous()) {
                throw new IllegalArgumentException("adam update: " + t.describe() + " is updated in place and must be contiguous (strides ["
                        + Shapes.format(t.strides()) + "])");
            }
        }
        if (grad.isContiguous()) {
            value.backend().adamUpdate(value, grad, expAvg, expAvgSq, step);
            return;
        }
        try (Tensor dense = grad.contiguous()) {
            value.backend().adamUpdate(value, dense, expAvg, expAvgSq, step);
        }
    }
}
