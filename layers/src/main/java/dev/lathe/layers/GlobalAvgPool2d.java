package dev.lathe.layers;

import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.ops.Reductions;

/** Mean over the spatial axes of [N, C, H, W] → [N, C] (torch's AdaptiveAvgPool2d(1) followed by a flatten). */
public final class GlobalAvgPool2d extends Layer {

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 4) {
            throw new IllegalArgumentException(describe() + " needs input [N, C, H, W], got " + input.describe());
        }
        return Reductions.mean(input, new int[] {2, 3}, false);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException(describe() + " needs inputs [C, H, W], got [" + Shapes.format(inputShape) + "]");
        }
        return new int[] {inputShape[0]};
    }
}
