package dev.lathe.layers;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.functional.Activations;

/** torch.nn.Softmax along {@code dim} of the batched input (default -1, the last). */
public final class Softmax extends Activation {

    private final int dim;

    public Softmax() {
        this(-1);
    }

    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        checkDim(input.dim());
        return Activations.softmax(input, dim);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        checkDim(inputShape.length + 1);
        return inputShape.clone();
    }

    private void checkDim(int batchedRank) {
        int d = dim < 0 ? dim + batchedRank : dim;
        if (d < 1 || d >= batchedRank) {
            throw new IllegalArgumentException(describe() + ": dim " + dim + " is not a non-batch dimension of a rank-"
                    + batchedRank + " input");
        }
    }

    @Override
    public String describe() {
        return "Softmax(dim=" + dim + ")";
    }
}
