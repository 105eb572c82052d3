package dev.lathe.layers.recurrent;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.ops.Elementwise;

/**
 * torch.nn.RNN (batch_first): h' = act(W_ih x + b_ih + W_hh h + b_hh) with tanh (default) or ReLU;
 * {@code weight_ih_l{k}} [H, in], {@code weight_hh_l{k}} [H, H].
 */
public final class SimpleRNN extends RecurrentLayer {

    /** torch.nn.RNN's {@code nonlinearity}. */
    public enum Nonlinearity {
        TANH, RELU
    }

    private final Nonlinearity nonlinearity;

    /** One unidirectional tanh layer with biases, returning the whole sequence. */
    public SimpleRNN(int inputSize, int hiddenSize, Generator generator) {
        this(inputSize, hiddenSize, Nonlinearity.TANH, RecurrentOptions.defaults(), generator);
    }

    /** tanh cells with the given options. */
    public SimpleRNN(int inputSize, int hiddenSize, RecurrentOptions options, Generator generator) {
        this(inputSize, hiddenSize, Nonlinearity.TANH, options, generator);
    }

    public SimpleRNN(int inputSize, int hiddenSize, Nonlinearity nonlinearity, RecurrentOptions options, Generator generator) {
        super("SimpleRNN", 1, 1, inputSize, hiddenSize, options, generator);
        if (nonlinearity == null) {
            throw new IllegalArgumentException("SimpleRNN needs a nonlinearity (TANH or RELU)");
        }
        this.nonlinearity = nonlinearity;
    }

    public Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    @Override
    Tensor[] step(Tensor inputGates, Tensor hiddenGates, Tensor[] state) {
        Tensor sum = Elementwise.add(inputGates, hiddenGates);
        return new Tensor[] {nonlinearity == Nonlinearity.RELU ? Elementwise.relu(sum) : Elementwise.tanh(sum)};
    }

    @Override
    String cellDetail() {
        return nonlinearity == Nonlinearity.RELU ? "relu" : null;
    }
}
