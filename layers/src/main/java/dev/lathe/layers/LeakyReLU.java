package dev.lathe.layers;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.functional.Activations;

/** torch.nn.LeakyReLU: x for x ≥ 0, {@code negativeSlope} · x below (default slope 0.01). */
public final class LeakyReLU extends Activation {

    private final double negativeSlope;

    public LeakyReLU() {
        this(0.01);
    }

    public LeakyReLU(double negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    public double negativeSlope() {
        return negativeSlope;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.leakyRelu(input, negativeSlope);
    }

    @Override
    public String describe() {
        return "LeakyReLU(" + negativeSlope + ")";
    }
}
