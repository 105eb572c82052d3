package dev.lathe.layers;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.functional.Activations;

/** torch.nn.ReLU: max(x, 0). */
public final class ReLU extends Activation {

    @Override
    public Tensor forward(Tensor input) {
        return Activations.relu(input);
    }
}
