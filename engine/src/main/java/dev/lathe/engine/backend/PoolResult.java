package dev.lathe.engine.backend;

import dev.lathe.engine.Tensor;

/** Max-pooling output and, per output element, the flat input position (within its H×W plane) it came from. */
public record PoolResult(Tensor output, Tensor indices) {
}
