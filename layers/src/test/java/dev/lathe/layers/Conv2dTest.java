package dev.lathe.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.layers.init.Initializer;
import java.util.List;
import org.junit.jupiter.api.Test;

class Conv2dTest {

    /** Geometry of one naive convolution: zeros added {top, bottom, left, right}. */
    private record Geometry(int kh, int kw, int sh, int sw, int[] pads, int dh, int dw, int groups) {
    }

    /** Direct evaluation of the convolution sum over an F64 input [n, c, h, w]. */
    private static double[] naiveConv(double[] x, int n, int c, int h, int w, double[] weight, double[] bias, int out, Geometry g) {
        int[] p = g.pads;
        int oh = (h + p[0] + p[1] - g.dh * (g.kh - 1) - 1) / g.sh + 1;
        int ow = (w + p[2] + p[3] - g.dw * (g.kw - 1) - 1) / g.sw + 1;
        int inPerGroup = c / g.groups;
        int outPerGroup = out / g.groups;
        double[] y = new double[n * out * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < out; o++) {
                int group = o / outPerGroup;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = bias == null ? 0 : bias[o];
                        for (int ci = 0; ci < inPerGroup; ci++) {
                            int channel = group * inPerGroup + ci;
                            for (int u = 0; u < g.kh; u++) {
                                for (int v = 0; v < g.kw; v++) {
                                    int row = i * g.sh + u * g.dh - p[0];
                                    int col = j * g.sw + v * g.dw - p[2];
                                    if (row >= 0 && row < h && col >= 0 && col < w) {
                                        sum += x[((b * c + channel) * h + row) * w + col]
                                                * weight[((o * inPerGroup + ci) * g.kh + u) * g.kw + v];
                                    }
                                }
                            }
                        }
                        y[((b * out + o) * oh + i) * ow + j] = sum;
                    }
                }
            }
        }
        return y;
    }

    private static void assertMatchesNaive(Conv2d conv, int in, int out, int h, int w, Geometry g, int[] expectedShape) {
        conv.to(DType.F64);
        try (Tensor x = Tensors.uniform(-1, 1, DType.F64, Device.CPU, new Generator(11), 2, in, h, w); Tensor y = conv.forward(x)) {
            assertArrayEquals(expectedShape, y.shape());
            assertArrayEquals(new int[] {expectedShape[1], expectedShape[2], expectedShape[3]}, conv.outputShape(new int[] {in, h, w}));
            double[] bias = conv.bias() == null ? null : conv.bias().value().toDoubleArray();
            double[] expected = naiveConv(x.toDoubleArray(), 2, in, h, w, conv.weight().value().toDoubleArray(), bias, out, g);
            assertArrayEquals(expected, y.toDoubleArray(), 1e-12);
        } finally {
            conv.close();
        }
    }

    @Test
    void plainConvolutionWithBias() {
        assertMatchesNaive(new Conv2d(3, 4, 3, new Generator(1)), 3, 4, 5, 6, new Geometry(3, 3, 1, 1, new int[4], 1, 1, 1),
                new int[] {2, 4, 3, 4});
    }

    @Test
    void strideAndExplicitPadding() {
        Conv2d conv = Conv2d.builder(2, 3, 3).stride(2).padding(1).build(new Generator(2));
        assertMatchesNaive(conv, 2, 3, 6, 5, new Geometry(3, 3, 2, 2, new int[] {1, 1, 1, 1}, 1, 1, 1), new int[] {2, 3, 3, 3});
    }

    @Test
    void rectangularKernelStrideAndPaddingPerAxis() {
        Conv2d conv = Conv2d.builder(2, 2, 1).kernel(2, 3).stride(1, 2).padding(Padding.of(2, 1)).bias(false).build(new Generator(3));
        assertNull(conv.bias());
        assertMatchesNaive(conv, 2, 2, 4, 5, new Geometry(2, 3, 1, 2, new int[] {2, 2, 1, 1}, 1, 1, 1), new int[] {2, 2, 7, 3});
    }

    @Test
    void dilation() {
        Conv2d conv = Conv2d.builder(2, 2, 3).dilation(2, 1).padding(1).build(new Generator(4));
        assertMatchesNaive(conv, 2, 2, 6, 5, new Geometry(3, 3, 1, 1, new int[] {1, 1, 1, 1}, 2, 1, 1), new int[] {2, 2, 4, 5});
    }

    @Test
    void groups() {
        Conv2d conv = Conv2d.builder(4, 6, 2).groups(2).build(new Generator(5));
        assertArrayEquals(new int[] {6, 2, 2, 2}, conv.weight().value().shape());
        assertMatchesNaive(conv, 4, 6, 4, 4, new Geometry(2, 2, 1, 1, new int[4], 1, 1, 2), new int[] {2, 6, 3, 3});
    }

    @Test
    void sameWithOddKernelPadsSymmetrically() {
        Conv2d conv = Conv2d.builder(2, 3, 3).padding(Padding.SAME).dilation(2).build(new Generator(6));
        assertMatchesNaive(conv, 2, 3, 5, 6, new Geometry(3, 3, 1, 1, new int[] {2, 2, 2, 2}, 2, 2, 1), new int[] {2, 3, 5, 6});
    }

    @Test
    void sameWithEvenKernelPutsTheExtraZeroBottomRight() {
        // PyTorch: total padding k - 1 = 3, one on top/left and two on bottom/right
        Conv2d conv = Conv2d.builder(2, 2, 4).padding(Padding.parse("same")).build(new Generator(7));
        assertMatchesNaive(conv, 2, 2, 5, 6, new Geometry(4, 4, 1, 1, new int[] {1, 2, 1, 2}, 1, 1, 1), new int[] {2, 2, 5, 6});
    }

    @Test
    void sameWithA2x2KernelOfOnesSumsTheWindowToTheBottomRight() {
        Conv2d conv = Conv2d.builder(1, 1, 2).padding(Padding.SAME).bias(false)
                .init(Initializer.ones(), Initializer.zeros()).build(new Generator(8));
        try (conv; Tensor x = Tensors.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 1, 2, 3); Tensor y = conv.forward(x)) {
            // out[i][j] = x[i][j] + x[i][j+1] + x[i+1][j] + x[i+1][j+1], zeros past the bottom and right edges
            assertArrayEquals(new float[] {12, 16, 9, 9, 11, 6}, y.toFloatArray());
        }
    }

    @Test
    void validIsNoPadding() {
        Conv2d conv = Conv2d.builder(1, 2, 3).padding(Padding.VALID).build(new Generator(9));
        assertMatchesNaive(conv, 1, 2, 4, 5, new Geometry(3, 3, 1, 1, new int[4], 1, 1, 1), new int[] {2, 2, 2, 3});
    }

    @Test
    void sameGradientsReachEveryInputElement() {
        try (Conv2d conv = Conv2d.builder(1, 1, 2).padding(Padding.SAME).bias(false)
                .init(Initializer.ones(), Initializer.zeros()).build(new Generator(8));
             Tensor x = Tensors.zeros(1, 1, 2, 2).requiresGrad(true)) {
            conv.forward(x).sum().backward();
            // element (i, j) is in the windows of outputs (i-1..i, j-1..j) that exist: the padding carries none
            assertArrayEquals(new float[] {1, 2, 2, 4}, x.grad().toFloatArray());
        }
    }

    @Test
    void parametersAreNamedAndShapedAsPyTorch() {
        try (Conv2d conv = Conv2d.builder(6, 8, 3).kernel(3, 5).groups(2).build(new Generator(1))) {
            assertEquals(List.of("weight", "bias"), List.copyOf(conv.stateDict().keySet()));
            assertArrayEquals(new int[] {8, 3, 3, 5}, conv.weight().value().shape());
            assertArrayEquals(new int[] {8}, conv.bias().value().shape());
            assertEquals(8 * 3 * 3 * 5 + 8, conv.parameterCount());
            assertEquals("Conv2d(6 → 8, 3×5)", conv.describe());
        }
        try (Conv2d conv = Conv2d.builder(3, 4, 2).bias(false).build(new Generator(1))) {
            assertEquals(List.of("weight"), List.copyOf(conv.stateDict().keySet()));
            assertEquals(4 * 3 * 2 * 2, conv.parameterCount());
        }
    }

    @Test
    void defaultInitIsBoundedByOneOverSqrtOfInputsPerGroupTimesKernel() {
        try (Conv2d conv = Conv2d.builder(8, 16, 3).groups(2).build(new Generator(3))) {
            double bound = 1 / Math.sqrt(4 * 3 * 3);
            for (Tensor t : List.of(conv.weight().value(), conv.bias().value())) {
                double max = 0;
                for (float v : t.toFloatArray()) {
                    max = Math.max(max, Math.abs(v));
                }
                assertTrue(max <= bound && max > 0.8 * bound, "max " + max + " bound " + bound);
            }
        }
    }

    @Test
    void impossibleShapesAreExplained() {
        try (Conv2d conv = new Conv2d(1, 32, 5, new Generator(1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conv.outputShape(new int[] {1, 3, 3}));
            assertEquals("Conv2d(1 → 32, 5×5): kernel (dilated 5×5) is larger than the padded input 3×3", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> conv.outputShape(new int[] {3, 28, 28}));
            assertEquals("Conv2d(1 → 32, 5×5) needs inputs [1, H, W], got [3, 28, 28]", e.getMessage());
            try (Tensor x = Tensors.zeros(2, 1, 4, 9)) {
                e = assertThrows(IllegalArgumentException.class, () -> conv.forward(x));
                assertTrue(e.getMessage().contains("padded input 4×9"), e.getMessage());
            }
            try (Tensor x = Tensors.zeros(1, 8, 8)) {
                e = assertThrows(IllegalArgumentException.class, () -> conv.forward(x));
                assertTrue(e.getMessage().contains("needs input [N, 1, H, W]"), e.getMessage());
            }
        }
        try (Conv2d conv = Conv2d.builder(1, 1, 3).dilation(3).padding(2).build(new Generator(1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conv.outputShape(new int[] {1, 2, 2}));
            assertEquals("Conv2d(1 → 1, 3×3): kernel (dilated 7×7) is larger than the padded input 6×6", e.getMessage());
        }
    }

    @Test
    void invalidConfigurationsAreRejected() {
        Generator g = new Generator(1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Conv2d.builder(3, 4, 3).groups(2).build(g))
                .getMessage().contains("divisible by groups = 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Conv2d.builder(2, 4, 3).stride(2).padding(Padding.SAME).build(g))
                .getMessage().contains("padding \"same\" needs stride 1"));
        assertThrows(IllegalArgumentException.class, () -> Conv2d.builder(2, 4, 0).build(g));
        assertThrows(IllegalArgumentException.class, () -> Padding.of(-1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Padding.parse("full")).getMessage().contains("\"full\""));
    }
}
