package dev.lathe.engine.backend;

import dev.lathe.engine.Shapes;

/** Geometry of 2-d max/average pooling over NCHW input. */
public record Pool2dParams(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, boolean countIncludePad) {

    public Pool2dParams {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("invalid pooling geometry " + this);
        }
        if (padH * 2 > kernelH || padW * 2 > kernelW) {
            throw new IllegalArgumentException("pooling padding must be at most half the kernel: " + this);
        }
    }

    /** Square window, stride equal to the window, no padding: PyTorch's MaxPool2d(k) / AvgPool2d(k). */
    public static Pool2dParams of(int kernel) {
        return new Pool2dParams(kernel, kernel, kernel, kernel, 0, 0, true);
    }

    // floorDiv, not '/': a window larger than the padded input must give a size <= 0, not 1

    public int outputHeight(int inputHeight) {
        return Math.floorDiv(inputHeight + 2 * padH - kernelH, strideH) + 1;
    }

    public int outputWidth(int inputWidth) {
        return Math.floorDiv(inputWidth + 2 * padW - kernelW, strideW) + 1;
    }

    /** [N, C, outH, outW] for NCHW input, or an error naming the input when it is not 4-d or the window does not fit. */
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 4) {
            throw new IllegalArgumentException("pool2d needs input [N, C, H, W], got [" + Shapes.format(inputShape) + "]");
        }
        int oh = outputHeight(inputShape[2]);
        int ow = outputWidth(inputShape[3]);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException("pool2d: window " + kernelH + "x" + kernelW + " is larger than the padded input ["
                    + inputShape[2] + ", " + inputShape[3] + "]");
        }
        return new int[] {inputShape[0], inputShape[1], oh, ow};
    }
}
