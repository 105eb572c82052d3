package dev.lathe.engine.cpu;

import static dev.lathe.engine.TestTensors.assertClose;
import static dev.lathe.engine.TestTensors.assertWithinBound;
import static dev.lathe.engine.TestTensors.numel;
import static dev.lathe.engine.TestTensors.random;
import static dev.lathe.engine.TestTensors.randomIntegers;
import static dev.lathe.engine.TestTensors.tensor;
import static dev.lathe.engine.TestTensors.withLayout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.TestTensors;
import dev.lathe.engine.TestTensors.Layout;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.backend.Backends;
import dev.lathe.engine.backend.Pool2dParams;
import dev.lathe.engine.backend.PoolResult;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Max pooling (values and argmax indices) and average pooling with their backward passes, against
 * naive loops over each window. Max pooling is exact; averages are sums of at most kH*kW terms
 * (accumulated in double by the engine), well inside the elementwise tolerance.
 */
class PoolingTest {

    private static final Backend CPU = Backends.cpu();
    private static final int[] INPUT = {2, 3, 7, 5};

    private static final Pool2dParams[] PARAMS = {
            Pool2dParams.of(2),
            new Pool2dParams(3, 3, 1, 1, 1, 1, true),
            new Pool2dParams(3, 3, 1, 1, 1, 1, false),
            new Pool2dParams(3, 2, 2, 1, 1, 0, true),
            new Pool2dParams(3, 2, 2, 1, 1, 1, false),
            new Pool2dParams(2, 3, 1, 2, 0, 1, false),
            new Pool2dParams(4, 4, 3, 3, 2, 2, true),
            new Pool2dParams(1, 1, 2, 2, 0, 0, true),
    };

    private static int outH(int h, Pool2dParams p) {
        return (h + 2 * p.padH() - p.kernelH()) / p.strideH() + 1;
    }

    private static int outW(int w, Pool2dParams p) {
        return (w + 2 * p.padW() - p.kernelW()) / p.strideW() + 1;
    }

    private static int[] outShape(int[] in, Pool2dParams p) {
        return new int[] {in[0], in[1], outH(in[2], p), outW(in[3], p)};
    }

    /** Visits each output element with the in-image pixels (plane-relative flat indices) of its window, in row-major order. */
    @FunctionalInterface
    private interface Window {
        void visit(int plane, int out, int[] pixels, int count, int padded);
    }

    private static void forEachWindow(int[] in, Pool2dParams p, Window body) {
        int h = in[2];
        int w = in[3];
        int oh = outH(h, p);
        int ow = outW(w, p);
        int[] pixels = new int[p.kernelH() * p.kernelW()];
        for (int plane = 0; plane < in[0] * in[1]; plane++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int count = 0;
                    int padded = 0;
                    for (int i = 0; i < p.kernelH(); i++) {
                        for (int j = 0; j < p.kernelW(); j++) {
                            int iy = y * p.strideH() - p.padH() + i;
                            int ix = x * p.strideW() - p.padW() + j;
                            // PyTorch's count_include_pad counts window cells up to the padded border only
                            if (iy < h + p.padH() && ix < w + p.padW()) {
                                padded++;
                            }
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                pixels[count++] = iy * w + ix;
                            }
                        }
                    }
                    body.visit(plane, (plane * oh + y) * ow + x, pixels, count, padded);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void maxPoolValuesAndIndicesMatchNaive(DType dtype) {
        int plane = INPUT[2] * INPUT[3];
        for (boolean ties : new boolean[] {false, true}) {
            // with small integers many windows hold their maximum twice: the index is the first in row-major order
            double[] x = ties ? randomIntegers(1000, numel(INPUT), -2, 2) : random(1001, dtype, numel(INPUT), -5, 5);
            for (Pool2dParams p : PARAMS) {
                int[] os = outShape(INPUT, p);
                double[] values = new double[numel(os)];
                int[] indices = new int[values.length];
                forEachWindow(INPUT, p, (pl, out, pixels, count, padded) -> {
                    int best = pixels[0];
                    for (int q = 1; q < count; q++) {
                        if (x[pl * plane + pixels[q]] > x[pl * plane + best]) {
                            best = pixels[q];
                        }
                    }
                    values[out] = x[pl * plane + best];
                    indices[out] = best;
                });
                for (Layout layout : Layout.values()) {
                    String what = dtype + " " + p + " " + layout + (ties ? " with ties" : "");
                    PoolResult r = CPU.maxPool2d(withLayout(layout, x, dtype, INPUT), p);
                    assertArrayEquals(os, r.output().shape(), what);
                    assertArrayEquals(os, r.indices().shape(), what);
                    assertEquals(DType.I32, r.indices().dtype(), what);
                    assertArrayEquals(values, r.output().toDoubleArray(), what);
                    assertArrayEquals(indices, r.indices().toIntArray(), what);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void maxPoolBackwardRoutesEachGradientToItsArgmax(DType dtype) {
        int plane = INPUT[2] * INPUT[3];
        double[] x = random(1002, dtype, numel(INPUT), -5, 5);
        for (Pool2dParams p : PARAMS) {
            int[] os = outShape(INPUT, p);
            double[] gy = random(1003, dtype, numel(os), -1, 1);
            double[] expected = new double[numel(INPUT)];
            double[] bound = new double[numel(INPUT)];
            forEachWindow(INPUT, p, (pl, out, pixels, count, padded) -> {
                int best = pixels[0];
                for (int q = 1; q < count; q++) {
                    if (x[pl * plane + pixels[q]] > x[pl * plane + best]) {
                        best = pixels[q];
                    }
                }
                // overlapping windows (stride < kernel) add up on a shared maximum
                expected[pl * plane + best] += gy[out];
                bound[pl * plane + best] += Math.abs(gy[out]);
            });
            PoolResult r = CPU.maxPool2d(tensor(x, dtype, INPUT), p);
            for (Layout layout : Layout.values()) {
                String what = dtype + " " + p + " " + layout;
                Tensor gx = CPU.maxPool2dBackward(withLayout(layout, gy, dtype, os), r.indices(), INPUT);
                assertArrayEquals(INPUT, gx.shape(), what);
                // up to kH*kW gradients land on one pixel and are summed in the dtype
                assertWithinBound(expected, bound, p.kernelH() * p.kernelW(), gx, what);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void avgPoolMatchesNaiveWithAndWithoutPaddingInTheCount(DType dtype) {
        int plane = INPUT[2] * INPUT[3];
        double[] x = random(1004, dtype, numel(INPUT), -5, 5);
        for (Pool2dParams p : PARAMS) {
            int[] os = outShape(INPUT, p);
            double[] expected = new double[numel(os)];
            forEachWindow(INPUT, p, (pl, out, pixels, count, padded) -> {
                double sum = 0;
                for (int q = 0; q < count; q++) {
                    sum += x[pl * plane + pixels[q]];
                }
                expected[out] = sum / (p.countIncludePad() ? padded : count);
            });
            for (Layout layout : Layout.values()) {
                String what = dtype + " " + p + " " + layout;
                Tensor out = CPU.avgPool2d(withLayout(layout, x, dtype, INPUT), p);
                assertArrayEquals(os, out.shape(), what);
                assertClose(TestTensors.roundTo(dtype, expected), out, TestTensors.rtol(dtype), 1e-6 * TestTensors.rtol(dtype), what);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void avgPoolBackwardSpreadsEachGradientOverItsWindow(DType dtype) {
        int plane = INPUT[2] * INPUT[3];
        for (Pool2dParams p : PARAMS) {
            int[] os = outShape(INPUT, p);
            double[] gy = random(1005, dtype, numel(os), -1, 1);
            double[] expected = new double[numel(INPUT)];
            forEachWindow(INPUT, p, (pl, out, pixels, count, padded) -> {
                for (int q = 0; q < count; q++) {
                    expected[pl * plane + pixels[q]] += gy[out] / (p.countIncludePad() ? padded : count);
                }
            });
            for (Layout layout : Layout.values()) {
                String what = dtype + " " + p + " " + layout;
                Tensor gx = CPU.avgPool2dBackward(withLayout(layout, gy, dtype, os), INPUT, p);
                assertArrayEquals(INPUT, gx.shape(), what);
                // a pixel collects at most kH*kW shares, each rounded to the dtype when it is added (F32)
                double atol = p.kernelH() * p.kernelW() * TestTensors.unitRoundoff(dtype);
                assertClose(expected, gx, TestTensors.rtol(dtype), atol, what);
            }
        }
    }

    @Test
    void theTwoByTwoF32KernelAgreesWithTheGeneralOneOnTiesAndNaNs() {
        // odd sizes (the last row and column are never read), ties, and NaNs in some windows
        double[] v = randomIntegers(1010, 2 * 3 * 7 * 9, -2, 2);
        for (int i = 0; i < v.length; i += 11) {
            v[i] = Double.NaN;
        }
        Tensor x = tensor(v, DType.F32, 2, 3, 7, 9);
        Pool2dParams halving = Pool2dParams.of(2);
        // the same window for max pooling, but not the parameters the fast kernel is chosen for
        Pool2dParams general = new Pool2dParams(2, 2, 2, 2, 0, 0, !halving.countIncludePad());
        PoolResult fast = CPU.maxPool2d(x, halving);
        PoolResult reference = CPU.maxPool2d(x, general);
        assertArrayEquals(reference.output().toDoubleArray(), fast.output().toDoubleArray());
        assertArrayEquals(reference.indices().toDoubleArray(), fast.indices().toDoubleArray());
        assertTrue(Arrays.stream(fast.output().toDoubleArray()).anyMatch(Double::isNaN), "some window holds a NaN");
    }

    @Test
    void theTwoByTwoF32KernelKeepsTheWinnersBitsForEveryOrderOfSpecialValues() {
        // every window of four drawn from signed zeros, two NaN payloads, infinities and ties
        float[] special = {0f, -0f, 1f, -1f, Float.NaN, Float.intBitsToFloat(0x7fc00123), Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY};
        int windows = (int) Math.pow(special.length, 4);
        float[] values = new float[4 * windows];
        for (int k = 0; k < windows; k++) {
            for (int pixel = 0, rest = k; pixel < 4; pixel++, rest /= special.length) {
                values[4 * k + pixel] = special[rest % special.length];
            }
        }
        Tensor x = CPU.empty(DType.F32, windows, 1, 2, 2);
        System.arraycopy(values, 0, ((CpuStorage.F32) CpuStorage.of(x)).data(), 0, values.length);
        PoolResult fast = CPU.maxPool2d(x, Pool2dParams.of(2));
        float[] out = ((CpuStorage.F32) CpuStorage.of(fast.output())).data();
        int[] picked = ((CpuStorage.I32) CpuStorage.of(fast.indices())).data();
        for (int k = 0; k < windows; k++) {
            // the first pixel that is NaN, or else the first equal to the window's maximum
            int expected = 0;
            for (int pixel = 1; pixel < 4; pixel++) {
                float best = values[4 * k + expected];
                float v = values[4 * k + pixel];
                if (!Float.isNaN(best) && (v > best || Float.isNaN(v))) {
                    expected = pixel;
                }
            }
            String what = "window " + Arrays.toString(Arrays.copyOfRange(values, 4 * k, 4 * k + 4));
            assertEquals(expected, picked[k], what);
            assertEquals(Float.floatToRawIntBits(values[4 * k + expected]), Float.floatToRawIntBits(out[k]), what);
        }
    }

    @Test
    void badGeometryGivesClearErrors() {
        Tensor x = CPU.empty(DType.F32, 1, 1, 3, 3);
        // (3 - 4) / 4 + 1 truncates to 1: the size formula alone does not catch a window one pixel too large
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> CPU.maxPool2d(x, Pool2dParams.of(4)));
        assertTrue(big.getMessage().contains("4x4") && big.getMessage().contains("[3, 3]"), big.getMessage());
        IllegalArgumentException avg = assertThrows(IllegalArgumentException.class,
                () -> CPU.avgPool2d(x, new Pool2dParams(2, 4, 1, 2, 0, 0, true)));
        assertTrue(avg.getMessage().contains("2x4") && avg.getMessage().contains("[3, 3]"), avg.getMessage());
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class, () -> CPU.maxPool2d(x, new Pool2dParams(5, 5, 1, 1, 0, 0, true)));
        assertTrue(tooBig.getMessage().contains("5x5"), tooBig.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> CPU.avgPool2d(CPU.empty(DType.F32, 3, 3), Pool2dParams.of(2)));
        assertTrue(rank.getMessage().contains("[3, 3]"), rank.getMessage());
        IllegalArgumentException pad = assertThrows(IllegalArgumentException.class, () -> new Pool2dParams(2, 2, 1, 1, 2, 2, true));
        assertTrue(pad.getMessage().contains("half the kernel"), pad.getMessage());
        PoolResult r = CPU.maxPool2d(CPU.empty(DType.F32, 1, 1, 4, 4), Pool2dParams.of(2));
        IllegalArgumentException grad = assertThrows(IllegalArgumentException.class,
                () -> CPU.maxPool2dBackward(CPU.empty(DType.F32, 1, 1, 3, 3), r.indices(), new int[] {1, 1, 4, 4}));
        assertTrue(grad.getMessage().contains("[1, 1, 3, 3]") && grad.getMessage().contains("[1, 1, 2, 2]"), grad.getMessage());
        assertTrue(Arrays.equals(new int[] {1, 1, 2, 2}, r.output().shape()));
    }
}
