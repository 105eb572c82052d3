package dev.lathe.layers;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.Pool2dParams;
import dev.lathe.engine.ops.Pooling;

/**
 * Mean over windows of NCHW input, as torch.nn.AvgPool2d; with {@code countIncludePad} (the
 * default) padded zeros count in the divisor.
 */
public final class AvgPool2d extends Pool2d {

    /** Square window, stride equal to the window, no padding. */
    public AvgPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0, true);
    }

    public AvgPool2d(int kernelSize, int stride, int padding, boolean countIncludePad) {
        this(kernelSize, kernelSize, stride, stride, padding, padding, countIncludePad);
    }

    public AvgPool2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, boolean countIncludePad) {
        super(kernelH, kernelW, strideH, strideW, padH, padW, countIncludePad);
    }

    @Override
    Tensor pool(Tensor input, Pool2dParams params) {
        return Pooling.avgPool2d(input, params);
    }
}
