package dev.lathe.layers.attention;

import dev.lathe.engine.Tensor;
import java.util.function.DoubleUnaryOperator;

/**
 * Loop-by-loop reference implementations over one sample's double[T][features] arrays, written
 * straight from the definitions, to check the tensor code against.
 */
public final class Naive {

    private Naive() {
    }

    /** x [T][in] · wᵀ [out][in] + b [out]. */
    public static double[][] linear(double[][] x, double[][] w, double[] b) {
        double[][] out = new double[x.length][w.length];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < w.length; o++) {
                double s = b[o];
                for (int i = 0; i < w[o].length; i++) {
                    s += x[t][i] * w[o][i];
                }
                out[t][o] = s;
            }
        }
        return out;
    }

    public static double[][] layerNorm(double[][] x, double[] gamma, double[] beta, double eps) {
        double[][] out = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            int n = x[t].length;
            double mean = 0;
            for (double v : x[t]) {
                mean += v / n;
            }
            double var = 0;
            for (double v : x[t]) {
                var += (v - mean) * (v - mean) / n;
            }
            out[t] = new double[n];
            for (int i = 0; i < n; i++) {
                out[t][i] = (x[t][i] - mean) / Math.sqrt(var + eps) * gamma[i] + beta[i];
            }
        }
        return out;
    }

    /**
     * Attention of one head: each query's weights are the softmax of q·k/√d over the real keys only
     * (padded keys get weight 0); a query with no real key averages every value uniformly.
     */
    public static double[][] attention(double[][] q, double[][] k, double[][] v, double[] keyMask) {
        int d = q[0].length;
        boolean anyReal = false;
        for (double m : keyMask) {
            anyReal |= m != 0;
        }
        double[][] out = new double[q.length][v[0].length];
        for (int i = 0; i < q.length; i++) {
            double[] score = new double[k.length];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k.length; j++) {
                if (anyReal && keyMask[j] == 0) {
                    continue;
                }
                double s = 0;
                for (int c = 0; c < d; c++) {
                    s += q[i][c] * k[j][c];
                }
                score[j] = s / Math.sqrt(d);
                max = Math.max(max, score[j]);
            }
            double total = 0;
            double[] weight = new double[k.length];
            for (int j = 0; j < k.length; j++) {
                if (!anyReal) {
                    weight[j] = 1;
                } else if (keyMask[j] != 0) {
                    weight[j] = Math.exp(score[j] - max);
                }
                total += weight[j];
            }
            for (int j = 0; j < k.length; j++) {
                for (int c = 0; c < v[0].length; c++) {
                    out[i][c] += weight[j] / total * v[j][c];
                }
            }
        }
        return out;
    }

    /** Multi-head self-attention with separate projections: heads take consecutive slices of the projected features. */
    public static double[][] selfAttention(double[][] x, double[][] wq, double[] bq, double[][] wk, double[] bk,
                                           double[][] wv, double[] bv, double[][] wo, double[] bo, int heads, double[] keyMask) {
        double[][] q = linear(x, wq, bq);
        double[][] k = linear(x, wk, bk);
        double[][] v = linear(x, wv, bv);
        int e = q[0].length;
        int d = e / heads;
        double[][] merged = new double[x.length][e];
        for (int h = 0; h < heads; h++) {
            double[][] head = attention(columns(q, h * d, d), columns(k, h * d, d), columns(v, h * d, d), keyMask);
            for (int t = 0; t < x.length; t++) {
                System.arraycopy(head[t], 0, merged[t], h * d, d);
            }
        }
        return linear(merged, wo, bo);
    }

    public static double[][] columns(double[][] x, int start, int count) {
        double[][] out = new double[x.length][count];
        for (int t = 0; t < x.length; t++) {
            System.arraycopy(x[t], start, out[t], 0, count);
        }
        return out;
    }

    public static double[][] rows(double[][] x, int start, int count) {
        double[][] out = new double[count][];
        System.arraycopy(x, start, out, 0, count);
        return out;
    }

    public static double[][] add(double[][] a, double[][] b) {
        double[][] out = new double[a.length][a[0].length];
        for (int t = 0; t < a.length; t++) {
            for (int i = 0; i < a[t].length; i++) {
                out[t][i] = a[t][i] + b[t][i];
            }
        }
        return out;
    }

    public static double[][] apply(double[][] x, DoubleUnaryOperator f) {
        double[][] out = new double[x.length][x[0].length];
        for (int t = 0; t < x.length; t++) {
            for (int i = 0; i < x[t].length; i++) {
                out[t][i] = f.applyAsDouble(x[t][i]);
            }
        }
        return out;
    }

    public static double relu(double x) {
        return Math.max(0, x);
    }

    public static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /** erf by its Maclaurin series for |x| < 2.5, else 1 - erfc by the continued fraction (both ~1e-13). */
    public static double erf(double x) {
        double a = Math.abs(x);
        double result;
        if (a < 2.5) {
            double term = a;
            double sum = a;
            for (int n = 1; n < 100; n++) {
                term *= -a * a / n;
                sum += term / (2 * n + 1);
            }
            result = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double fraction = a;
            for (int n = 60; n >= 1; n--) {
                fraction = a + n / 2.0 / fraction;
            }
            result = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / fraction;
        }
        return Math.signum(x) * result;
    }

    // ---- reading tensors ----

    /** A rank-2 tensor as rows. */
    public static double[][] matrix(Tensor t) {
        double[] flat = t.toDoubleArray();
        int cols = t.size(1);
        double[][] out = new double[t.size(0)][cols];
        for (int r = 0; r < out.length; r++) {
            System.arraycopy(flat, r * cols, out[r], 0, cols);
        }
        return out;
    }

    /** Sample {@code n} of a rank-3 tensor [N, T, C] as rows [T][C]. */
    public static double[][] sample(Tensor t, int n) {
        double[] flat = t.toDoubleArray();
        int steps = t.size(1);
        int cols = t.size(2);
        double[][] out = new double[steps][cols];
        for (int r = 0; r < steps; r++) {
            System.arraycopy(flat, (n * steps + r) * cols, out[r], 0, cols);
        }
        return out;
    }

    public static void assertClose(double[][] expected, double[][] actual, double tolerance, String what) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": " + expected.length + " rows expected, got " + actual.length);
        }
        for (int t = 0; t < expected.length; t++) {
            for (int i = 0; i < expected[t].length; i++) {
                if (!(Math.abs(expected[t][i] - actual[t][i]) <= tolerance)) {
                    throw new AssertionError(what + " [" + t + "][" + i + "]: expected " + expected[t][i] + ", got " + actual[t][i]);
                }
            }
        }
    }
}
