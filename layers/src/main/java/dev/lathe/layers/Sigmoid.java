package dev.lathe.layers;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.functional.Activations;

/** torch.nn.Sigmoid: 1 / (1 + e^(-x)). */
public final class Sigmoid extends Activation {

    @Override
    public Tensor forward(Tensor input) {
        return Activations.sigmoid(input);
    }
}
