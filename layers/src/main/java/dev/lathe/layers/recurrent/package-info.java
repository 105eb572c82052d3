/**
 * Recurrent layers with PyTorch's semantics, parameter names, layouts and initialisation:
 * {@link dev.lathe.layers.recurrent.SimpleRNN} (torch.nn.RNN), {@link dev.lathe.layers.recurrent.LSTM}
 * and {@link dev.lathe.layers.recurrent.GRU}. Inputs are always batch-first [N, T, C]; right-padded
 * batches behave as PyTorch's packed sequences. {@link dev.lathe.layers.recurrent.RecurrentLayer}
 * holds the stacked, bidirectional, masked time loop; each subclass only supplies its cell's math.
 */
package dev.lathe.layers.recurrent;
