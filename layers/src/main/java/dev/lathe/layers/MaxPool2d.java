package dev.lathe.layers;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.Pool2dParams;
import dev.lathe.engine.ops.Pooling;

/** Maximum over windows of NCHW input, as torch.nn.MaxPool2d (padding counts as −∞). */
public final class MaxPool2d extends Pool2d {

    /** Square window, stride equal to the window, no padding. */
    public MaxPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    public MaxPool2d(int kernelSize, int stride, int padding) {
        this(kernelSize, kernelSize, stride, stride, padding, padding);
    }

    public MaxPool2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
        super(kernelH, kernelW, strideH, strideW, padH, padW, true);
    }

    @Override
    Tensor pool(Tensor input, Pool2dParams params) {
        return Pooling.maxPool2d(input, params);
    }
}
