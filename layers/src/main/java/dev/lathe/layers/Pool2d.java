package dev.lathe.layers;

import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.Pool2dParams;
import java.util.Arrays;

/** What MaxPool2d and AvgPool2d share: the window geometry, its checks and the output shape. */
public abstract class Pool2d extends Layer {

    private final Pool2dParams params;

    Pool2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, boolean countIncludePad) {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": kernel " + kernelH + "×" + kernelW + ", stride " + strideH
                    + "×" + strideW + " must be positive and padding " + padH + "×" + padW + " not negative");
        }
        if (2 * padH > kernelH || 2 * padW > kernelW) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": padding " + padH + "×" + padW
                    + " must be at most half the kernel " + kernelH + "×" + kernelW);
        }
        this.params = new Pool2dParams(kernelH, kernelW, strideH, strideW, padH, padW, countIncludePad);
    }

    public Pool2dParams params() {
        return params;
    }

    /** The engine's pooling op for this window. */
    abstract Tensor pool(Tensor input, Pool2dParams params);

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 4) {
            throw new IllegalArgumentException(describe() + " needs input [N, C, H, W], got " + input.describe());
        }
        outputShape(Arrays.copyOfRange(input.shape(), 1, 4));
        return pool(input, params);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException(describe() + " needs inputs [C, H, W], got [" + Shapes.format(inputShape) + "]");
        }
        int paddedH = inputShape[1] + 2 * params.padH();
        int paddedW = inputShape[2] + 2 * params.padW();
        if (params.kernelH() > paddedH || params.kernelW() > paddedW) {
            throw new IllegalArgumentException(describe() + ": window " + params.kernelH() + "×" + params.kernelW()
                    + " is larger than the padded input " + paddedH + "×" + paddedW);
        }
        return new int[] {inputShape[0], params.outputHeight(inputShape[1]), params.outputWidth(inputShape[2])};
    }

    @Override
    public String describe() {
        String stride = params.strideH() == params.kernelH() && params.strideW() == params.kernelW()
                ? "" : ", stride " + params.strideH() + "×" + params.strideW();
        return getClass().getSimpleName() + "(" + params.kernelH() + "×" + params.kernelW() + stride + ")";
    }
}
