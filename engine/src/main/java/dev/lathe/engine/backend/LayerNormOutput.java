package dev.lathe.engine.backend;

import dev.lathe.engine.Tensor;

/**
 * A layer normalisation's output and, per row, the mean and rstd = 1/sqrt(variance + eps) its
 * backward pass reuses; mean and rstd have the input's shape without its last dimension.
 */
public record LayerNormOutput(Tensor output, Tensor mean, Tensor rstd) {
}
