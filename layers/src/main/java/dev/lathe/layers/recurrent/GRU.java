package dev.lathe.layers.recurrent;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.ops.Elementwise;

/**
 * torch.nn.GRU (batch_first): gates r, z, n stacked in that order in {@code weight_ih_l{k}}
 * [3H, in] and {@code weight_hh_l{k}} [3H, H]; r and z see both projections summed, while the
 * reset gate scales only the hidden one inside n:
 * n = tanh(W_in x + b_in + r ∘ (W_hn h + b_hn)), h' = (1 − z) ∘ n + z ∘ h.
 */
public final class GRU extends RecurrentLayer {

    /** One unidirectional layer with biases, returning the whole sequence. */
    public GRU(int inputSize, int hiddenSize, Generator generator) {
        this(inputSize, hiddenSize, RecurrentOptions.defaults(), generator);
    }

    public GRU(int inputSize, int hiddenSize, RecurrentOptions options, Generator generator) {
        super("GRU", 3, 1, inputSize, hiddenSize, options, generator);
    }

    /** The candidate gate scales h W_hnᵀ + b_hn by the reset gate, so b_hn stays with the hidden product. */
    @Override
    boolean addsGateProducts() {
        return false;
    }

    @Override
    Tensor[] step(Tensor inputGates, Tensor hiddenGates, Tensor[] state) {
        int h = hiddenSize();
        Tensor resetAndUpdate = Elementwise.add(inputGates.narrow(1, 0, 2 * h), hiddenGates.narrow(1, 0, 2 * h));
        Tensor reset = Elementwise.sigmoid(resetAndUpdate.narrow(1, 0, h));
        Tensor update = Elementwise.sigmoid(resetAndUpdate.narrow(1, h, h));
        Tensor candidate = Elementwise.tanh(Elementwise.add(inputGates.narrow(1, 2 * h, h),
                Elementwise.mul(reset, hiddenGates.narrow(1, 2 * h, h))));
        // (1 − z) ∘ n + z ∘ h written as n + z ∘ (h − n)
        return new Tensor[] {Elementwise.add(candidate, Elementwise.mul(update, Elementwise.sub(state[0], candidate)))};
    }
}
