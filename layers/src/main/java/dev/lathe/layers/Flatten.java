package dev.lathe.layers;

import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import java.util.Arrays;

/**
 * Merges dimensions {@code startDim..endDim} (of the batched input; negative counts from the end)
 * into one, as torch.nn.Flatten, whose defaults 1 and -1 keep the batch dimension and flatten the
 * rest. The batch dimension always stays, so {@code startDim} must not resolve to 0.
 */
public final class Flatten extends Layer {

    private final int startDim;
    private final int endDim;

    public Flatten() {
        this(1, -1);
    }

    public Flatten(int startDim, int endDim) {
        if (startDim == 0) {
            throw new IllegalArgumentException("Flatten: start_dim 0 would merge the batch dimension; use 1 or more");
        }
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] shape = input.shape();
        int[] sample = outputShape(Arrays.copyOfRange(shape, 1, shape.length));
        int[] out = new int[sample.length + 1];
        out[0] = shape[0];
        System.arraycopy(sample, 0, out, 1, sample.length);
        return input.reshape(out);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int rank = inputShape.length + 1;
        int start = startDim < 0 ? startDim + rank : startDim;
        int end = endDim < 0 ? endDim + rank : endDim;
        if (start < 1 || end >= rank || start > end) {
            throw new IllegalArgumentException(describe() + " cannot flatten dimensions " + startDim + ".." + endDim
                    + " of inputs [N, " + Shapes.format(inputShape) + "]" + (start == 0 ? " (that includes the batch dimension)" : ""));
        }
        int[] out = new int[rank - 1 - (end - start)];
        int merged = 1;
        for (int d = start; d <= end; d++) {
            merged *= inputShape[d - 1];
        }
        System.arraycopy(inputShape, 0, out, 0, start - 1);
        out[start - 1] = merged;
        System.arraycopy(inputShape, end, out, start, rank - 1 - end);
        return out;
    }

    @Override
    public String describe() {
        return startDim == 1 && endDim == -1 ? "Flatten" : "Flatten(" + startDim + ", " + endDim + ")";
    }
}
