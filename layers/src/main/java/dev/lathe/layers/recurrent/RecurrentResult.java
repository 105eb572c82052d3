package dev.lathe.layers.recurrent;

import dev.lathe.engine.Tensor;

/**
 * What a recurrent layer computes for a batch, shaped as PyTorch returns it (batch first).
 *
 * @param output the last layer's outputs, [N, T, H·dirs], zero at padded steps
 * @param hN     the final hidden state of every layer and direction, [num_layers·dirs, N, H], ordered
 *               layer 0 forward, layer 0 backward, layer 1 forward, …; the forward direction's is
 *               its state at each sequence's last real step
 * @param cN     the final cell state (LSTM only, same layout as {@code hN}); null for RNN and GRU
 */
public record RecurrentResult(Tensor output, Tensor hN, Tensor cN) {
}
