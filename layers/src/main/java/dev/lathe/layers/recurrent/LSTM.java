package dev.lathe.layers.recurrent;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Recurrent;

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
        // one fused op for the gates' activations and both states
        Tensor hiddenAndCell = Recurrent.lstmCell(Elementwise.add(inputGates, hiddenGates), state[1]);
        int h = hiddenSize();
        return new Tensor[] {hiddenAndCell.narrow(1, 0, h), hiddenAndCell.narrow(1, h, h)};
    }
}
