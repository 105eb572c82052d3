package dev.lathe.layers.recurrent;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.ops.Elementwise;

/**
 * torch.nn.LSTM (batch_first): gates i, f, g, o stacked in that order in {@code weight_ih_l{k}}
 * [4H, in] and {@code weight_hh_l{k}} [4H, H];
 * c' = σ(f) ∘ c + σ(i) ∘ tanh(g), h' = σ(o) ∘ tanh(c').
 */
public final class LSTM extends RecurrentLayer {

    /** One unidirectional layer with biases, returning the whole sequence. */
    public LSTM(int inputSize, int hiddenSize, Generator generator) {
        this(inputSize, hiddenSize, RecurrentOptions.defaults(), generator);
    }

    public LSTM(int inputSize, int hiddenSize, RecurrentOptions options, Generator generator) {
        super("LSTM", 4, 2, inputSize, hiddenSize, options, generator);
    }

    @Override
    Tensor[] step(Tensor inputGates, Tensor hiddenGates, Tensor[] state) {
        Tensor gates = Elementwise.add(inputGates, hiddenGates);
        int h = hiddenSize();
        Tensor in = Elementwise.sigmoid(gates.narrow(1, 0, h));
        Tensor forget = Elementwise.sigmoid(gates.narrow(1, h, h));
        Tensor candidate = Elementwise.tanh(gates.narrow(1, 2 * h, h));
        Tensor out = Elementwise.sigmoid(gates.narrow(1, 3 * h, h));
        Tensor cell = Elementwise.add(Elementwise.mul(forget, state[1]), Elementwise.mul(in, candidate));
        return new Tensor[] {Elementwise.mul(out, Elementwise.tanh(cell)), cell};
    }
}
