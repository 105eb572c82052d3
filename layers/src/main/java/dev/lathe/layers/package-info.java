/**
 * Neural-network layers over the engine (filled by issue #3; empty for now).
 *
 * <p>What will live here: {@code Module} and {@code Parameter} (named, trainable tensors with
 * train/eval mode and a state dict), the layers the models in MODELS.md need (Linear, Conv2d,
 * MaxPool2d, Flatten, Embedding, global average pooling, LSTM, LayerNorm, Dropout, the BERT
 * encoder and its heads), initialisers (PyTorch's defaults, Kaiming, Glorot, uniform, normal),
 * and the builder that turns a JSON model spec into a module tree.
 *
 * <p>Parameter names and layouts follow PyTorch's {@code state_dict} ({@code Linear.weight} is
 * [out, in], {@code Conv2d.weight} [out, in, kh, kw], LSTM {@code weight_ih_l0} [4H, in] with gates
 * i, f, g, o; BERT uses the Hugging Face names), so checkpoints move between Lathe and PyTorch
 * without conversion.
 */
package dev.lathe.layers;
