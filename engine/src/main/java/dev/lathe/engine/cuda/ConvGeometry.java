package dev.lathe.engine.cuda;

import dev.lathe.engine.Shapes;
import dev.lathe.engine.backend.Conv2dParams;

/** The shape checks of a 2-d convolution over NCHW input and OIHW weights, before cuDNN sees it. */
final class ConvGeometry {

    private ConvGeometry() {
    }

    /** Throws naming the shapes when they do not make a convolution with a non-empty output. */
    static void check(int[] input, int[] weight, Conv2dParams p) {
        String shapes = "input [" + Shapes.format(input) + "], weight [" + Shapes.format(weight) + "], " + p;
        if (input.length != 4 || weight.length != 4) {
            throw new IllegalArgumentException("conv2d needs NCHW input and OIHW weight: " + shapes);
        }
        if (weight[0] % p.groups() != 0 || input[1] != weight[1] * p.groups()) {
            throw new IllegalArgumentException("conv2d: channels do not match the groups: " + shapes);
        }
        if (p.outputHeight(input[2], weight[2]) <= 0 || p.outputWidth(input[3], weight[3]) <= 0) {
            throw new IllegalArgumentException("conv2d: the kernel is larger than the padded input: " + shapes);
        }
    }
}
