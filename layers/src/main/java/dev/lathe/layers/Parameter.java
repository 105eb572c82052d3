package dev.lathe.layers;

import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;

/**
 * One named tensor a module owns: a trainable parameter (a leaf that requires a gradient) or a
 * buffer (state such as BatchNorm's running statistics, saved in the state dict but not trained).
 * The module owns the tensor: it is kept out of every memory scope and closed with the module.
 */
public final class Parameter {

    private final boolean trainable;
    private Tensor value;

    Parameter(Tensor value, boolean trainable) {
        this.trainable = trainable;
        set(value);
    }

    public boolean trainable() {
        return trainable;
    }

    public Tensor value() {
        return value;
    }

    /** The accumulated gradient, or null. */
    public Tensor grad() {
        return value.grad();
    }

    /** Replaces the tensor (closing the previous one); a trainable parameter's new tensor requires a gradient. */
    public void set(Tensor newValue) {
        Tensor owned = MemoryScope.detach(newValue);
        if (trainable) {
            owned.requiresGrad(true);
        }
        if (value != null && value != owned) {
            value.close();
        }
        value = owned;
    }

    void close() {
        value.close();
    }
}
