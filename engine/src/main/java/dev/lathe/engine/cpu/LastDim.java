package dev.lathe.engine.cpu;

import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import java.util.Arrays;

/**
 * A tensor seen as rows along its last dimension, as the row-wise kernels (softmax, layer norm)
 * walk it: {@code rows} is the product of the other dimensions (1 for a scalar, which is one row of
 * one), {@code cols} the last dimension's size.
 */
record LastDim(int rows, int cols) {

    static LastDim of(Tensor t) {
        if (t.dim() == 0) {
            return new LastDim(1, 1);
        }
        return new LastDim(Shapes.numel(Arrays.copyOf(t.shape(), t.dim() - 1)), t.size(t.dim() - 1));
    }
}
