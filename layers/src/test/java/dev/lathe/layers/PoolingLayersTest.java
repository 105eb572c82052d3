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
import org.junit.jupiter.api.Test;

class PoolingLayersTest {

    /** Max (max = true) or mean over windows of one [h, w] plane; {@code includePad} counts padded cells in the mean. */
    private static double[] naivePool(double[] x, int planes, int h, int w, int k, int s, int p, boolean max, boolean includePad) {
        int oh = (h + 2 * p - k) / s + 1;
        int ow = (w + 2 * p - k) / s + 1;
        double[] y = new double[planes * oh * ow];
        for (int plane = 0; plane < planes; plane++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    int count = 0;
                    for (int u = 0; u < k; u++) {
                        for (int v = 0; v < k; v++) {
                            int row = i * s + u - p;
                            int col = j * s + v - p;
                            if (row >= 0 && row < h && col >= 0 && col < w) {
                                double value = x[(plane * h + row) * w + col];
                                acc = max ? Math.max(acc, value) : acc + value;
                                count++;
                            }
                        }
                    }
                    y[(plane * oh + i) * ow + j] = max ? acc : acc / (includePad ? k * k : count);
                }
            }
        }
        return y;
    }

    private static void assertPool(Pool2d layer, int k, int s, int p, boolean max, boolean includePad, int[] expectedShape) {
        try (Tensor x = Tensors.uniform(-1, 1, DType.F64, Device.CPU, new Generator(3), 2, 3, 5, 6); Tensor y = layer.forward(x)) {
            assertArrayEquals(expectedShape, y.shape());
            assertArrayEquals(new int[] {3, expectedShape[2], expectedShape[3]}, layer.outputShape(new int[] {3, 5, 6}));
            assertArrayEquals(naivePool(x.toDoubleArray(), 6, 5, 6, k, s, p, max, includePad), y.toDoubleArray(), 1e-12);
        }
    }

    @Test
    void maxPoolDefaultStrideIsTheKernel() {
        assertPool(new MaxPool2d(2), 2, 2, 0, true, true, new int[] {2, 3, 2, 3});
    }

    @Test
    void maxPoolWithStrideAndPadding() {
        assertPool(new MaxPool2d(3, 2, 1), 3, 2, 1, true, true, new int[] {2, 3, 3, 3});
    }

    @Test
    void avgPoolCountsPaddingByDefault() {
        assertPool(new AvgPool2d(3, 1, 1, true), 3, 1, 1, false, true, new int[] {2, 3, 5, 6});
        assertPool(new AvgPool2d(2), 2, 2, 0, false, true, new int[] {2, 3, 2, 3});
    }

    @Test
    void avgPoolWithoutCountingPadding() {
        assertPool(new AvgPool2d(3, 2, 1, false), 3, 2, 1, false, false, new int[] {2, 3, 3, 3});
    }

    @Test
    void poolDescriptionsAndErrors() {
        assertEquals("MaxPool2d(2×2)", new MaxPool2d(2).describe());
        assertEquals("AvgPool2d(3×3, stride 1×1)", new AvgPool2d(3, 1, 1, true).describe());
        assertEquals(0, new MaxPool2d(2).parameterCount());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(3).outputShape(new int[] {4, 2, 5}));
        assertEquals("MaxPool2d(3×3): window 3×3 is larger than the padded input 2×5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2).outputShape(new int[] {4, 5}));
        assertTrue(e.getMessage().contains("needs inputs [C, H, W], got [4, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(2, 2, 2, true));
        assertTrue(e.getMessage().contains("at most half the kernel"), e.getMessage());
    }

    @Test
    void globalAvgPool2dAveragesEachPlane() {
        GlobalAvgPool2d pool = new GlobalAvgPool2d();
        try (Tensor x = Tensors.of(new float[] {1, 2, 3, 6, -1, -1, -1, -5}, 1, 2, 2, 2); Tensor y = pool.forward(x)) {
            assertArrayEquals(new float[] {3, -2}, y.toFloatArray());
            assertArrayEquals(new int[] {1, 2}, y.shape());
        }
        assertArrayEquals(new int[] {7}, pool.outputShape(new int[] {7, 3, 3}));
        assertThrows(IllegalArgumentException.class, () -> pool.outputShape(new int[] {7, 3}));
    }

    /** Two sequences of four steps with two channels; the first has three real steps, the second one. */
    private static Tensor sequences() {
        return Tensors.of(new float[] {
            1, 10, 2, 20, 6, 30, 100, -100,
            -4, 5, 50, 50, 50, 50, 50, 50}, 2, 4, 2);
    }

    private static Tensor mask() {
        return Tensors.of(new float[] {1, 1, 1, 0, 1, 0, 0, 0}, 2, 4);
    }

    @Test
    void globalAvgPool1dAveragesOverTimeWithoutAMask() {
        GlobalAvgPool1d pool = new GlobalAvgPool1d();
        try (Tensor x = sequences(); Tensor y = pool.forward(x)) {
            assertArrayEquals(new float[] {109 / 4f, -40 / 4f, 146 / 4f, 155 / 4f}, y.toFloatArray(), 1e-5f);
        }
        assertArrayEquals(new int[] {2}, pool.outputShape(new int[] {4, 2}));
        assertThrows(IllegalArgumentException.class, () -> pool.outputShape(new int[] {2}));
    }

    @Test
    void globalAvgPool1dAveragesOnlyTheRealStepsAndDropsTheMask() {
        try (Tensor x = sequences(); Tensor m = mask()) {
            Flow out = new GlobalAvgPool1d().forward(new Flow(x, m, null));
            assertArrayEquals(new float[] {3, 20, -4, 5}, out.values().toFloatArray(), 1e-6f);
            assertNull(out.mask());
        }
    }

    @Test
    void globalMaxPool1dSkipsMaskedSteps() {
        GlobalMaxPool1d pool = new GlobalMaxPool1d();
        try (Tensor x = sequences(); Tensor m = mask()) {
            assertArrayEquals(new float[] {100, 30, 50, 50}, pool.forward(x).toFloatArray());
            Flow out = pool.forward(new Flow(x, m, null));
            assertArrayEquals(new float[] {6, 30, -4, 5}, out.values().toFloatArray());
            assertNull(out.mask());
        }
    }

    @Test
    void globalMaskedAverageSendsNoGradientToPaddedSteps() {
        try (Tensor x = sequences().requiresGrad(true); Tensor m = mask()) {
            new GlobalAvgPool1d().forward(new Flow(x, m, null)).values().sum().backward();
            float third = 1 / 3f;
            assertArrayEquals(new float[] {third, third, third, third, third, third, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0},
                    x.grad().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void globalPoolRejectsAMaskOfAnotherShape() {
        try (Tensor x = sequences(); Tensor m = Tensors.ones(2, 3)) {
            Flow in = new Flow(x, m, null);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GlobalAvgPool1d().forward(in));
            assertTrue(e.getMessage().contains("mask [2, 3]"), e.getMessage());
        }
        try (Tensor x = Tensors.zeros(2, 3)) {
            assertThrows(IllegalArgumentException.class, () -> new GlobalMaxPool1d().forward(x));
        }
    }
}
