package dev.lathe.engine.backend;

/** Geometry of a 2-d convolution over NCHW input with OIHW weights (PyTorch's layouts). */
public record Conv2dParams(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {

    public Conv2dParams {
        if (strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1 || groups < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("invalid conv2d geometry " + this);
        }
    }

    public static Conv2dParams of(int stride, int padding) {
        return new Conv2dParams(stride, stride, padding, padding, 1, 1, 1);
    }

    // floorDiv, not '/': a kernel larger than the padded input must give a size <= 0, not 1

    public int outputHeight(int inputHeight, int kernelHeight) {
        return Math.floorDiv(inputHeight + 2 * padH - dilationH * (kernelHeight - 1) - 1, strideH) + 1;
    }

    public int outputWidth(int inputWidth, int kernelWidth) {
        return Math.floorDiv(inputWidth + 2 * padW - dilationW * (kernelWidth - 1) - 1, strideW) + 1;
    }
}
