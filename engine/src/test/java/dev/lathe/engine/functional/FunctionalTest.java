package dev.lathe.engine.functional;

import static dev.lathe.engine.TestTensors.assertClose;
import static dev.lathe.engine.TestTensors.random;
import static dev.lathe.engine.TestTensors.ravel;
import static dev.lathe.engine.TestTensors.tensor;
import static dev.lathe.engine.TestTensors.unravel;
import static dev.lathe.engine.TestTensors.withLayout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Generator;
import dev.lathe.engine.TestTensors;
import dev.lathe.engine.TestTensors.Layout;
import dev.lathe.engine.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Composites (softmax, losses, layer norm, GELU, dropout) against naive double-precision loops.
 *
 * <p>Tolerance: a composite chains a handful of ops, each rounding to the dtype, on values of
 * magnitude up to ~10, so F32 results carry absolute errors of a few 1e-7 * 10; 1e-5 (relative and
 * absolute) covers that. F64 results get 1e-12.
 */
class FunctionalTest {

    private static double tol(DType dtype) {
        return dtype == DType.F32 ? 1e-5 : 1e-12;
    }

    /** Naive softmax (or log-softmax) along {@code dim} of a row-major array. */
    private static double[] softmax(double[] x, int[] shape, int dim, boolean log) {
        double[] out = new double[x.length];
        int[] reduced = shape.clone();
        reduced[dim] = 1;
        for (int r = 0; r < TestTensors.numel(reduced); r++) {
            int[] idx = unravel(r, reduced);
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < shape[dim]; i++) {
                idx[dim] = i;
                max = Math.max(max, x[ravel(idx, shape)]);
            }
            double sum = 0;
            for (int i = 0; i < shape[dim]; i++) {
                idx[dim] = i;
                sum += Math.exp(x[ravel(idx, shape)] - max);
            }
            for (int i = 0; i < shape[dim]; i++) {
                idx[dim] = i;
                int at = ravel(idx, shape);
                out[at] = log ? x[at] - max - Math.log(sum) : Math.exp(x[at] - max) / sum;
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void softmaxAndLogSoftmaxMatchNaiveAlongEveryDim(DType dtype) {
        int[] shape = {3, 4, 5};
        double[] x = random(1400, dtype, 60, -5, 5);
        // one slice of huge values: only a max-shifted softmax stays finite
        x[0] = 1000;
        x[1] = 999;
        x[5] = -1000;
        for (int dim = 0; dim < 3; dim++) {
            for (Layout layout : new Layout[] {Layout.CONTIGUOUS, Layout.PERMUTED_NARROWED}) {
                String what = dtype + " dim " + dim + " " + layout;
                Tensor t = withLayout(layout, x, dtype, shape);
                Tensor s = Activations.softmax(t, dim);
                assertArrayEquals(shape, s.shape(), what);
                assertClose(softmax(x, shape, dim, false), s, tol(dtype), tol(dtype) * 1e-3, what + " softmax");
                assertClose(softmax(x, shape, dim, true), Activations.logSoftmax(t, dim), tol(dtype), tol(dtype), what + " log_softmax");
                // every slice along dim sums to one
                double[] sums = dev.lathe.engine.ops.Reductions.sum(s, dim, false).toDoubleArray();
                for (double sum : sums) {
                    assertEquals(1, sum, 10 * tol(dtype), what + " slice sum");
                }
            }
        }
        Tensor last = Activations.softmax(tensor(x, dtype, shape), -1);
        assertClose(softmax(x, shape, 2, false), last, tol(dtype), tol(dtype) * 1e-3, dtype + " dim -1");
    }

    /** -log_softmax(row)[target], for each row of [rows, classes]. */
    private static double[] rowLosses(double[] logits, int rows, int classes, int[] target) {
        double[] ls = softmax(logits, new int[] {rows, classes}, 1, true);
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = -ls[r * classes + target[r]];
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void crossEntropyWithClassIndices(DType dtype) {
        int n = 6;
        int c = 5;
        double[] logits = random(1410, dtype, n * c, -4, 4);
        int[] target = {0, 4, 2, 2, 1, 3};
        double[] losses = rowLosses(logits, n, c, target);
        double mean = Arrays.stream(losses).sum() / n;
        for (Layout layout : new Layout[] {Layout.CONTIGUOUS, Layout.PERMUTED}) {
            Tensor loss = Losses.crossEntropy(withLayout(layout, logits, dtype, n, c), TestTensors.indices(target, n));
            assertEquals(0, loss.dim());
            assertEquals(mean, loss.item(), tol(dtype) * (1 + mean), dtype + " " + layout);
        }
        // ignored targets add nothing and leave the mean
        int[] withIgnored = {0, -100, 2, -100, 1, 3};
        double kept = (losses[0] + losses[2] + losses[4] + losses[5]) / 4;
        Tensor ignored = Losses.crossEntropy(tensor(logits, dtype, n, c), TestTensors.indices(withIgnored, n), -100);
        assertEquals(kept, ignored.item(), tol(dtype) * (1 + kept), dtype + " ignore index");
        Tensor none = Losses.crossEntropy(tensor(logits, dtype, n, c), TestTensors.indices(new int[] {-100, -100, -100, -100, -100, -100}, n), -100);
        assertTrue(Double.isNaN(none.item()), "all targets ignored gives NaN, as PyTorch");
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(tensor(logits, dtype, n, c), TestTensors.indices(new int[] {0, 5, 0, 0, 0, 0}, n)));
        assertTrue(range.getMessage().contains("5") && range.getMessage().contains("5 classes"), range.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(tensor(logits, dtype, n, c), TestTensors.indices(new int[5], 5)));
        assertTrue(shape.getMessage().contains("[6]"), shape.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void crossEntropyOverASequenceAxis(DType dtype) {
        // logits [N, C, T] with targets [N, T]: class axis 1, as torch.nn.functional.cross_entropy
        int n = 2;
        int c = 4;
        int t = 3;
        double[] logits = random(1420, dtype, n * c * t, -3, 3);
        int[] target = {3, 0, 1, 2, 2, 0};
        double[] rows = new double[n * t * c];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                for (int j = 0; j < t; j++) {
                    rows[(i * t + j) * c + k] = logits[(i * c + k) * t + j];
                }
            }
        }
        double mean = Arrays.stream(rowLosses(rows, n * t, c, target)).sum() / (n * t);
        Tensor loss = Losses.crossEntropy(tensor(logits, dtype, n, c, t), TestTensors.indices(target, n, t));
        assertEquals(mean, loss.item(), tol(dtype) * (1 + mean), dtype.toString());
        // probability targets of the logits' shape: -mean over (n, t) of sum_c p log_softmax
        double[] p = random(1421, DType.F64, n * c * t, 0, 1);
        double[] pRows = new double[p.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < t; j++) {
                double sum = 0;
                for (int k = 0; k < c; k++) {
                    sum += p[(i * c + k) * t + j];
                }
                for (int k = 0; k < c; k++) {
                    p[(i * c + k) * t + j] /= sum;
                }
            }
        }
        p = TestTensors.roundTo(dtype, p);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                for (int j = 0; j < t; j++) {
                    pRows[(i * t + j) * c + k] = p[(i * c + k) * t + j];
                }
            }
        }
        double[] ls = softmax(rows, new int[] {n * t, c}, 1, true);
        double expected = 0;
        for (int i = 0; i < ls.length; i++) {
            expected -= pRows[i] * ls[i];
        }
        expected /= n * t;
        Tensor soft = Losses.crossEntropyWithProbabilities(tensor(logits, dtype, n, c, t), tensor(p, dtype, n, c, t));
        assertEquals(expected, soft.item(), tol(dtype) * (1 + expected), dtype + " probabilities");
    }

    private static double softplus(double z) {
        return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void binaryCrossEntropyWithLogitsIsStableForLargeLogits(DType dtype) {
        double[] x = random(1430, dtype, 20, -6, 6);
        double[] t = random(1431, dtype, 20, 0, 1);
        double[] big = {-1000, -100, -50, -20, 20, 50, 100, 1000};
        System.arraycopy(big, 0, x, 0, big.length);
        for (int i = 0; i < 8; i++) {
            t[i] = i % 3 == 0 ? 0 : i % 3 == 1 ? 1 : 0.25;
        }
        // -[t log s(x) + (1 - t) log(1 - s(x))] with log s(x) = -softplus(-x), log(1 - s(x)) = -softplus(x)
        double mean = 0;
        for (int i = 0; i < x.length; i++) {
            mean += t[i] * softplus(-x[i]) + (1 - t[i]) * softplus(x[i]);
        }
        mean /= x.length;
        Tensor loss = Losses.binaryCrossEntropyWithLogits(tensor(x, dtype, 4, 5), tensor(t, dtype, 4, 5));
        assertTrue(Double.isFinite(loss.item()), "finite for |x| = 1000");
        // the per-element terms reach 750, so F32 gets 1e-5 relative to that scale
        assertEquals(mean, loss.item(), tol(dtype) * Math.max(1, Math.abs(mean)), dtype.toString());
        // exact targets and huge logits of the right sign cost nothing
        Tensor confident = Losses.binaryCrossEntropyWithLogits(tensor(new double[] {-1000, 1000}, dtype, 2), tensor(new double[] {0, 1}, dtype, 2));
        assertEquals(0, confident.item(), 0);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void meanSquaredError(DType dtype) {
        double[] p = random(1440, dtype, 12, -3, 3);
        double[] t = random(1441, dtype, 12, -3, 3);
        double mean = 0;
        for (int i = 0; i < 12; i++) {
            mean += (p[i] - t[i]) * (p[i] - t[i]);
        }
        mean /= 12;
        Tensor loss = Losses.mse(withLayout(Layout.PERMUTED, p, dtype, 3, 4), tensor(t, dtype, 3, 4));
        assertEquals(mean, loss.item(), tol(dtype) * mean, dtype.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.mse(tensor(p, dtype, 3, 4), tensor(t, dtype, 4, 3)));
        assertTrue(e.getMessage().contains("[3, 4]") && e.getMessage().contains("[4, 3]"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void layerNormOverTheLastOneAndTwoDims(DType dtype) {
        int[] shape = {2, 3, 4};
        double[] x = random(1450, dtype, 24, -3, 3);
        double eps = 1e-5;
        for (int dims = 1; dims <= 2; dims++) {
            int group = dims == 1 ? 4 : 12;
            double[] w = random(1451, dtype, group, 0.5, 1.5);
            double[] b = random(1452, dtype, group, -1, 1);
            double[] expected = new double[24];
            for (int g0 = 0; g0 < 24; g0 += group) {
                double mean = 0;
                for (int i = 0; i < group; i++) {
                    mean += x[g0 + i];
                }
                mean /= group;
                double var = 0;
                for (int i = 0; i < group; i++) {
                    var += (x[g0 + i] - mean) * (x[g0 + i] - mean);
                }
                var /= group; // biased, as torch.nn.functional.layer_norm
                for (int i = 0; i < group; i++) {
                    expected[g0 + i] = (x[g0 + i] - mean) / Math.sqrt(var + eps) * w[i] + b[i];
                }
            }
            int[] normShape = dims == 1 ? new int[] {4} : new int[] {3, 4};
            Tensor out = Normalization.layerNorm(withLayout(Layout.NARROWED, x, dtype, shape), dims,
                    tensor(w, dtype, normShape), tensor(b, dtype, normShape), eps);
            assertArrayEquals(shape, out.shape());
            assertClose(expected, out, tol(dtype), tol(dtype), dtype + " over " + dims + " dims");
            // without weight and bias every group has mean 0 and biased variance 1/(1 + eps/var)
            double[] plain = Normalization.layerNorm(tensor(x, dtype, shape), dims, null, null, eps).toDoubleArray();
            for (int g0 = 0; g0 < 24; g0 += group) {
                double mean = 0;
                for (int i = 0; i < group; i++) {
                    mean += plain[g0 + i];
                }
                assertEquals(0, mean / group, tol(dtype), "group mean");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void geluIsTheExactErfForm(DType dtype) {
        double[] x = random(1460, dtype, 40, -6, 6);
        x[0] = 0;
        double[] expected = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = 0.5 * x[i] * (1 + TestTensors.referenceErf(x[i] / Math.sqrt(2)));
        }
        // near x = -6 the result is ~1e-8 from a cancellation of 1 + erf, so the absolute tolerance matters
        assertClose(expected, Activations.gelu(withLayout(Layout.PERMUTED, x, dtype, 5, 8)), tol(dtype), tol(dtype), dtype.toString());
    }

    @Test
    void leakyReluScalesOnlyNegatives() {
        double[] x = {-2, -0.5, 0, 0.5, 2};
        assertArrayEquals(new double[] {-0.2, -0.05, 0, 0.5, 2},
                Activations.leakyRelu(tensor(x, DType.F64, 5), 0.1).toDoubleArray(), 1e-15);
    }

    @Test
    void dropoutIsTheIdentityWhenOffAndScalesTheSurvivorsWhenTraining() {
        Tensor x = tensor(random(1470, DType.F32, 100_000, 0.5, 1.5), DType.F32, 100, 1000);
        assertSame(x, Dropout.dropout(x, 0, true, new Generator(1)));
        assertSame(x, Dropout.dropout(x, 0.5, false, new Generator(1)));
        double p = 0.3;
        double[] in = x.toDoubleArray();
        double[] out = Dropout.dropout(x, p, true, new Generator(2)).toDoubleArray();
        int zeros = 0;
        for (int i = 0; i < in.length; i++) {
            if (out[i] == 0) {
                zeros++;
            } else {
                // scaled by 1 / (1 - p), rounded twice in F32
                assertEquals(in[i] / (1 - p), out[i], 3e-7 * out[i], "survivor " + i);
            }
        }
        // standard error of the zero fraction: sqrt(0.21 / 1e5) = 0.0014
        assertEquals(p, zeros / (double) in.length, 0.01);
        assertArrayEquals(out, Dropout.dropout(x, p, true, new Generator(2)).toDoubleArray(), "one seed, one mask");
        assertArrayEquals(new double[100_000], Dropout.dropout(x, 1, true, new Generator(3)).toDoubleArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dropout.dropout(x, -0.1, true, new Generator(4)));
        assertTrue(e.getMessage().contains("-0.1"), e.getMessage());
    }
}
