package dev.lathe.layers;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;

/**
 * Inverted dropout as torch.nn.Dropout: while training, zeroes each element with probability
 * {@code p} and scales the rest by 1/(1-p); the identity in evaluation mode.
 */
public final class Dropout extends Layer {

    private final double p;
    private final Generator generator;

    public Dropout(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout probability must lie in [0, 1], got " + p);
        }
        this.p = p;
        this.generator = addGenerator(generator);
    }

    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor input) {
        return dev.lathe.engine.functional.Dropout.dropout(input, p, isTraining(), generator);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public String describe() {
        return "Dropout(" + p + ")";
    }
}
