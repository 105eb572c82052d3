package dev.lathe.layers.recurrent;

/**
 * The options torch.nn.RNN/LSTM/GRU share (batch_first is always true), plus what the layer hands
 * on inside a Sequential. Defaults as PyTorch: one layer, biases, one direction, no dropout.
 *
 * @param numLayers     stacked layers, each reading the previous one's output sequence
 * @param bias          whether each direction of each layer has the two bias vectors b_ih and b_hh
 * @param bidirectional whether each layer also runs backwards in time, doubling the output width
 * @param dropout       dropout probability on each layer's output except the last, while training
 * @param returns       what {@code forward} yields: the whole output sequence or the last valid state
 */
public record RecurrentOptions(int numLayers, boolean bias, boolean bidirectional, double dropout, Returns returns) {

    /** What a recurrent layer passes on to the next layer of a Sequential. */
    public enum Returns {
        /** The last layer's outputs at every step, [N, T, H·dirs], zero at padded steps. */
        SEQUENCE,
        /**
         * The last layer's final state, [N, H·dirs]: the forward direction's state at each sequence's
         * last real step, then the backward direction's final state (its output at t = 0).
         */
        LAST_STATE
    }

    public RecurrentOptions {
        if (numLayers < 1) {
            throw new IllegalArgumentException("recurrent layers need num_layers >= 1, got " + numLayers);
        }
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException("recurrent dropout must lie in [0, 1], got " + dropout);
        }
        if (returns == null) {
            throw new IllegalArgumentException("recurrent layers need to know what they return (SEQUENCE or LAST_STATE)");
        }
    }

    public static RecurrentOptions defaults() {
        return new RecurrentOptions(1, true, false, 0, Returns.SEQUENCE);
    }

    public RecurrentOptions withNumLayers(int value) {
        return new RecurrentOptions(value, bias, bidirectional, dropout, returns);
    }

    public RecurrentOptions withBias(boolean value) {
        return new RecurrentOptions(numLayers, value, bidirectional, dropout, returns);
    }

    public RecurrentOptions withBidirectional(boolean value) {
        return new RecurrentOptions(numLayers, bias, value, dropout, returns);
    }

    public RecurrentOptions withDropout(double value) {
        return new RecurrentOptions(numLayers, bias, bidirectional, value, returns);
    }

    public RecurrentOptions withReturns(Returns value) {
        return new RecurrentOptions(numLayers, bias, bidirectional, dropout, value);
    }

    /** 2 when bidirectional, else 1. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }
}
