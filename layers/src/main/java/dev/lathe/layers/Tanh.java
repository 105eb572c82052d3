package dev.lathe.layers;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.functional.Activations;

/** torch.nn.Tanh. */
public final class Tanh extends Activation {

    @Override
    public Tensor forward(Tensor input) {
        return Activations.tanh(input);
    }
}
