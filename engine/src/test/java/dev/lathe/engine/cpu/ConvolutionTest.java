package dev.lathe.engine.cpu;

import static dev.lathe.engine.TestTensors.assertWithinBound;
import static dev.lathe.engine.TestTensors.numel;
import static dev.lathe.engine.TestTensors.random;
import static dev.lathe.engine.TestTensors.withLayout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.TestTensors.Layout;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.backend.Backends;
import dev.lathe.engine.backend.Conv2dParams;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * conv2d and its two gradients against direct loops over (sample, channel, pixel, tap).
 *
 * <p>Tolerance: each result is a sum of C/groups * kH * kW * (per gradient, N * OH * OW) products
 * summed by OpenBLAS in the dtype, so it is within about (terms) * u * sum|products| of exact; the
 * tests allow twice that.
 */
class ConvolutionTest {

    private static final Backend CPU = Backends.cpu();

    /** One geometry: input [N, C, H, W], weight [O, C/groups, kH, kW] and the parameters. */
    private record Case(int n, int c, int h, int w, int o, int kh, int kw, Conv2dParams p) {

        int[] inputShape() {
            return new int[] {n, c, h, w};
        }

        int[] weightShape() {
            return new int[] {o, c / p.groups(), kh, kw};
        }

        int oh() {
            return (h + 2 * p.padH() - p.dilationH() * (kh - 1) - 1) / p.strideH() + 1;
        }

        int ow() {
            return (w + 2 * p.padW() - p.dilationW() * (kw - 1) - 1) / p.strideW() + 1;
        }

        int[] outputShape() {
            return new int[] {n, o, oh(), ow()};
        }

        /** Row of input pixel read by output row y through kernel row i (may lie in the padding). */
        int iy(int y, int i) {
            return y * p.strideH() - p.padH() + i * p.dilationH();
        }

        int ix(int x, int j) {
            return x * p.strideW() - p.padW() + j * p.dilationW();
        }

        @Override
        public String toString() {
            return "in " + Arrays.toString(inputShape()) + " w " + Arrays.toString(weightShape()) + " " + p;
        }
    }

    private static final Case[] CASES = {
            new Case(2, 3, 7, 9, 4, 3, 3, new Conv2dParams(1, 1, 0, 0, 1, 1, 1)),
            new Case(2, 3, 7, 9, 4, 3, 3, new Conv2dParams(2, 2, 1, 1, 1, 1, 1)),
            new Case(1, 2, 9, 8, 3, 3, 2, new Conv2dParams(1, 1, 2, 1, 2, 2, 1)),
            new Case(2, 4, 6, 7, 6, 3, 3, new Conv2dParams(1, 2, 1, 0, 1, 1, 2)),
            new Case(2, 4, 6, 6, 4, 3, 3, new Conv2dParams(1, 1, 1, 1, 1, 1, 4)),
            new Case(2, 6, 8, 5, 6, 2, 3, new Conv2dParams(2, 1, 0, 1, 1, 2, 3)),
            new Case(3, 5, 4, 4, 2, 1, 1, new Conv2dParams(1, 1, 0, 0, 1, 1, 1)),
            new Case(1, 2, 5, 5, 3, 5, 5, new Conv2dParams(1, 1, 0, 0, 1, 1, 1)),
            new Case(1, 1, 1, 1, 1, 1, 1, new Conv2dParams(1, 1, 0, 0, 1, 1, 1)),
            // output rows of 8 and more pixels are copied run by run, the narrower ones above through a pixel table
            new Case(2, 3, 6, 21, 4, 3, 3, new Conv2dParams(1, 1, 1, 2, 1, 2, 1)),
            new Case(1, 2, 7, 40, 3, 3, 3, new Conv2dParams(2, 2, 1, 1, 1, 1, 1)),
            new Case(2, 2, 8, 9, 2, 2, 2, new Conv2dParams(1, 1, 0, 0, 1, 1, 1)),
            // enough work to split the batch over the workers, in chunks of unequal length
            new Case(37, 8, 9, 9, 12, 3, 3, new Conv2dParams(1, 1, 1, 1, 1, 1, 2)),
            // 3x3 output planes: many samples share one GEMM, the last block shorter than the others
            new Case(41, 16, 4, 4, 24, 2, 2, new Conv2dParams(1, 1, 0, 0, 1, 1, 1)),
    };

    private static final class Naive {
        final double[] value;
        final double[] bound;
        final int terms;

        Naive(double[] value, double[] bound, int terms) {
            this.value = value;
            this.bound = bound;
            this.terms = terms;
        }
    }

    /** Visits every (n, o, y, x, c-in-group, i, j) whose input pixel lies inside the image. */
    @FunctionalInterface
    private interface Tap {
        void visit(int out, int in, int weight);
    }

    private static void forEachTap(Case k, Tap tap) {
        int cg = k.c / k.p.groups();
        int og = k.o / k.p.groups();
        for (int n = 0; n < k.n; n++) {
            for (int o = 0; o < k.o; o++) {
                int group = o / og;
                for (int y = 0; y < k.oh(); y++) {
                    for (int x = 0; x < k.ow(); x++) {
                        int out = ((n * k.o + o) * k.oh() + y) * k.ow() + x;
                        for (int c = 0; c < cg; c++) {
                            for (int i = 0; i < k.kh; i++) {
                                for (int j = 0; j < k.kw; j++) {
                                    int iy = k.iy(y, i);
                                    int ix = k.ix(x, j);
                                    if (iy < 0 || iy >= k.h || ix < 0 || ix >= k.w) {
                                        continue;
                                    }
                                    int in = ((n * k.c + group * cg + c) * k.h + iy) * k.w + ix;
                                    int weight = ((o * cg + c) * k.kh + i) * k.kw + j;
                                    tap.visit(out, in, weight);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static Naive forward(Case k, double[] x, double[] w) {
        double[] y = new double[numel(k.outputShape())];
        double[] bound = new double[y.length];
        forEachTap(k, (out, in, weight) -> {
            y[out] += x[in] * w[weight];
            bound[out] += Math.abs(x[in] * w[weight]);
        });
        return new Naive(y, bound, k.c / k.p.groups() * k.kh * k.kw);
    }

    private static Naive backwardData(Case k, double[] gy, double[] w) {
        double[] gx = new double[numel(k.inputShape())];
        double[] bound = new double[gx.length];
        forEachTap(k, (out, in, weight) -> {
            gx[in] += gy[out] * w[weight];
            bound[in] += Math.abs(gy[out] * w[weight]);
        });
        // an input pixel is reached by at most (O/groups) * kH * kW output taps
        return new Naive(gx, bound, k.o / k.p.groups() * k.kh * k.kw);
    }

    private static Naive backwardFilter(Case k, double[] x, double[] gy) {
        double[] gw = new double[numel(k.weightShape())];
        double[] bound = new double[gw.length];
        forEachTap(k, (out, in, weight) -> {
            gw[weight] += gy[out] * x[in];
            bound[weight] += Math.abs(gy[out] * x[in]);
        });
        return new Naive(gw, bound, k.n * k.oh() * k.ow());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void forwardMatchesDirectConvolution(DType dtype) {
        long seed = 700;
        for (Case k : CASES) {
            double[] x = random(seed++, dtype, numel(k.inputShape()), -1, 1);
            double[] w = random(seed++, dtype, numel(k.weightShape()), -1, 1);
            Naive expected = forward(k, x, w);
            for (Layout layout : Layout.values()) {
                String what = dtype + " " + k + " " + layout;
                Tensor out = CPU.conv2d(withLayout(layout, x, dtype, k.inputShape()), withLayout(layout, w, dtype, k.weightShape()), k.p);
                assertArrayEquals(k.outputShape(), out.shape(), what);
                assertWithinBound(expected.value, expected.bound, 2.0 * expected.terms, out, what);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void backwardDataMatchesTheDirectAdjoint(DType dtype) {
        long seed = 800;
        for (Case k : CASES) {
            double[] gy = random(seed++, dtype, numel(k.outputShape()), -1, 1);
            double[] w = random(seed++, dtype, numel(k.weightShape()), -1, 1);
            Naive expected = backwardData(k, gy, w);
            for (Layout layout : Layout.values()) {
                String what = dtype + " " + k + " " + layout;
                Tensor gx = CPU.conv2dBackwardData(withLayout(layout, gy, dtype, k.outputShape()),
                        withLayout(layout, w, dtype, k.weightShape()), k.inputShape(), k.p);
                assertArrayEquals(k.inputShape(), gx.shape(), what);
                assertWithinBound(expected.value, expected.bound, 2.0 * expected.terms, gx, what);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void backwardFilterMatchesTheDirectAdjoint(DType dtype) {
        long seed = 900;
        for (Case k : CASES) {
            double[] x = random(seed++, dtype, numel(k.inputShape()), -1, 1);
            double[] gy = random(seed++, dtype, numel(k.outputShape()), -1, 1);
            Naive expected = backwardFilter(k, x, gy);
            for (Layout layout : Layout.values()) {
                String what = dtype + " " + k + " " + layout;
                Tensor gw = CPU.conv2dBackwardFilter(withLayout(layout, x, dtype, k.inputShape()),
                        withLayout(layout, gy, dtype, k.outputShape()), k.weightShape(), k.p);
                assertArrayEquals(k.weightShape(), gw.shape(), what);
                assertWithinBound(expected.value, expected.bound, 2.0 * expected.terms, gw, what);
            }
        }
    }

    @Test
    void mismatchedGeometryGivesClearErrors() {
        Conv2dParams p = Conv2dParams.of(1, 0);
        Tensor x = CPU.empty(DType.F32, 1, 3, 5, 5);
        IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
                () -> CPU.conv2d(x, CPU.empty(DType.F32, 4, 2, 3, 3), p));
        assertTrue(channels.getMessage().contains("[1, 3, 5, 5]") && channels.getMessage().contains("[4, 2, 3, 3]"),
                channels.getMessage());
        IllegalArgumentException large = assertThrows(IllegalArgumentException.class,
                () -> CPU.conv2d(x, CPU.empty(DType.F32, 4, 3, 7, 7), p));
        assertTrue(large.getMessage().contains("larger"), large.getMessage());
        // (5 - 6) / 2 + 1 truncates to 1: the size formula alone does not catch a kernel one pixel too large
        IllegalArgumentException strided = assertThrows(IllegalArgumentException.class,
                () -> CPU.conv2d(x, CPU.empty(DType.F32, 4, 3, 6, 6), Conv2dParams.of(2, 0)));
        assertTrue(strided.getMessage().contains("larger"), strided.getMessage());
        IllegalArgumentException dilated = assertThrows(IllegalArgumentException.class,
                () -> CPU.conv2d(x, CPU.empty(DType.F32, 4, 3, 3, 3), new Conv2dParams(3, 3, 0, 0, 3, 3, 1)));
        assertTrue(dilated.getMessage().contains("larger"), dilated.getMessage());
        IllegalArgumentException grad = assertThrows(IllegalArgumentException.class,
                () -> CPU.conv2dBackwardData(CPU.empty(DType.F32, 1, 4, 2, 2), CPU.empty(DType.F32, 4, 3, 3, 3), x.shape(), p));
        assertTrue(grad.getMessage().contains("[1, 4, 2, 2]") && grad.getMessage().contains("[1, 4, 3, 3]"), grad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2dParams(0, 1, 0, 0, 1, 1, 1));
    }
}
