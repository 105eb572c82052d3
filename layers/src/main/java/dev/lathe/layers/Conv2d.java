package dev.lathe.layers;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.backend.Conv2dParams;
import dev.lathe.engine.ops.Convolution;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Views;
import dev.lathe.layers.init.Initializer;
import java.util.Arrays;
import java.util.List;

/**
 * 2-d convolution over NCHW input, as torch.nn.Conv2d: {@code weight} [out, in/groups, kh, kw],
 * {@code bias} [out]. Build the common case with the constructor and the rest with
 * {@link #builder(int, int, int)}:
 *
 * <pre>{@code
 * Conv2d conv = Conv2d.builder(16, 32, 3).stride(2).padding(Padding.of(1)).groups(4).build(generator);
 * }</pre>
 */
public final class Conv2d extends Layer {

    private final int inChannels;
    private final int outChannels;
    private final int kernelH;
    private final int kernelW;
    private final int strideH;
    private final int strideW;
    private final Padding padding;
    private final int dilationH;
    private final int dilationW;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    /** Stride 1, no padding, no dilation, one group, a bias, PyTorch's default initialisation. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, Generator generator) {
        this(builder(inChannels, outChannels, kernelSize), generator);
    }

    private Conv2d(Builder b, Generator generator) {
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.kernelH = b.kernelH;
        this.kernelW = b.kernelW;
        this.strideH = b.strideH;
        this.strideW = b.strideW;
        this.padding = b.padding;
        this.dilationH = b.dilationH;
        this.dilationW = b.dilationW;
        this.groups = b.groups;
        validate();
        int receptive = kernelH * kernelW;
        int fanIn = inChannels / groups * receptive;
        int fanOut = outChannels * receptive;
        this.weight = addParameter("weight", b.weightInit.create(generator, fanIn, fanOut, outChannels, inChannels / groups, kernelH, kernelW));
        // PyTorch draws the bias bound from the weight's fan-in
        this.bias = b.bias ? addParameter("bias", b.biasInit.create(generator, fanIn, fanOut, outChannels)) : null;
    }

    private void validate() {
        if (inChannels < 1 || outChannels < 1 || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1
                || dilationH < 1 || dilationW < 1 || groups < 1) {
            throw new IllegalArgumentException(describe() + ": channels, kernel, stride, dilation and groups must be positive (stride "
                    + strideH + "×" + strideW + ", dilation " + dilationH + "×" + dilationW + ", groups " + groups + ")");
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(describe() + ": in and out channels must both be divisible by groups = " + groups);
        }
        if (padding instanceof Padding.Same && (strideH != 1 || strideW != 1)) {
            throw new IllegalArgumentException(describe() + ": padding \"same\" needs stride 1, got " + strideH + "×" + strideW);
        }
    }

    public static Builder builder(int inChannels, int outChannels, int kernelSize) {
        return new Builder(inChannels, outChannels, kernelSize);
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when the layer has none. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 4) {
            throw new IllegalArgumentException(describe() + " needs input [N, " + inChannels + ", H, W], got " + input.describe());
        }
        outputShape(Arrays.copyOfRange(input.shape(), 1, 4));
        int[] pads = pads();
        // the primitive pads symmetrically: an odd "same" total gets its extra zeros added here first
        Tensor padded = padBottomRight(input, pads[1] - pads[0], pads[3] - pads[2]);
        Conv2dParams params = new Conv2dParams(strideH, strideW, pads[0], pads[2], dilationH, dilationW, groups);
        Tensor out = Convolution.conv2d(padded, weight.value(), params);
        return bias == null ? out : Elementwise.add(out, bias.value().reshape(outChannels, 1, 1));
    }

    private static Tensor padBottomRight(Tensor x, int extraH, int extraW) {
        Tensor out = x;
        int[] shape = x.shape();
        if (extraW > 0) {
            out = Views.cat(List.of(out, Tensors.zeros(x.dtype(), x.device(), shape[0], shape[1], shape[2], extraW)), 3);
        }
        if (extraH > 0) {
            out = Views.cat(List.of(out, Tensors.zeros(x.dtype(), x.device(), shape[0], shape[1], extraH, out.size(3))), 2);
        }
        return out;
    }

    private int[] pads() {
        return padding.perSide(extent(kernelH, dilationH), extent(kernelW, dilationW));
    }

    private static int extent(int kernel, int dilation) {
        return dilation * (kernel - 1) + 1;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 3 || inputShape[0] != inChannels) {
            throw new IllegalArgumentException(describe() + " needs inputs [" + inChannels + ", H, W], got [" + Shapes.format(inputShape) + "]");
        }
        int[] pads = pads();
        int paddedH = inputShape[1] + pads[0] + pads[1];
        int paddedW = inputShape[2] + pads[2] + pads[3];
        int extentH = extent(kernelH, dilationH);
        int extentW = extent(kernelW, dilationW);
        if (extentH > paddedH || extentW > paddedW) {
            throw new IllegalArgumentException(describe() + ": kernel (dilated " + extentH + "×" + extentW
                    + ") is larger than the padded input " + paddedH + "×" + paddedW);
        }
        return new int[] {outChannels, (paddedH - extentH) / strideH + 1, (paddedW - extentW) / strideW + 1};
    }

    @Override
    public String describe() {
        return "Conv2d(" + inChannels + " → " + outChannels + ", " + kernelH + "×" + kernelW + ")";
    }

    /** The options of torch.nn.Conv2d beyond the channel counts and kernel size; defaults as PyTorch's. */
    public static final class Builder {

        private final int inChannels;
        private final int outChannels;
        private int kernelH;
        private int kernelW;
        private int strideH = 1;
        private int strideW = 1;
        private Padding padding = Padding.of(0);
        private int dilationH = 1;
        private int dilationW = 1;
        private int groups = 1;
        private boolean bias = true;
        private Initializer weightInit = Initializer.pytorchDefault();
        private Initializer biasInit = Initializer.pytorchDefault();

        private Builder(int inChannels, int outChannels, int kernelSize) {
            this.inChannels = inChannels;
            this.outChannels = outChannels;
            this.kernelH = kernelSize;
            this.kernelW = kernelSize;
        }

        /** A rectangular kernel (replaces the square one). */
        public Builder kernel(int height, int width) {
            kernelH = height;
            kernelW = width;
            return this;
        }

        public Builder stride(int stride) {
            return stride(stride, stride);
        }

        public Builder stride(int height, int width) {
            strideH = height;
            strideW = width;
            return this;
        }

        public Builder padding(int padding) {
            return padding(Padding.of(padding));
        }

        public Builder padding(Padding padding) {
            this.padding = padding;
            return this;
        }

        public Builder dilation(int dilation) {
            return dilation(dilation, dilation);
        }

        public Builder dilation(int height, int width) {
            dilationH = height;
            dilationW = width;
            return this;
        }

        public Builder groups(int groups) {
            this.groups = groups;
            return this;
        }

        public Builder bias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /** Initialisers for the weight and the bias (PyTorch's default unless set). */
        public Builder init(Initializer weightInit, Initializer biasInit) {
            this.weightInit = weightInit;
            this.biasInit = biasInit;
            return this;
        }

        public Conv2d build(Generator generator) {
            return new Conv2d(this, generator);
        }
    }
}
