package dev.lathe.layers;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.functional.Activations;

/** torch.nn.GELU in its exact form: x · Φ(x) with Φ the standard normal CDF (through erf). */
public final class GELU extends Activation {

    @Override
    public Tensor forward(Tensor input) {
        return Activations.gelu(input);
    }
}
