package dev.lathe.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lathe.engine.backend.Backends;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Test inputs and naive index math shared by the engine's forward tests: seeded random values,
 * tensors holding given logical values in a chosen memory layout, NumPy broadcasting on plain
 * double arrays, and a tolerant comparison.
 */
public final class TestTensors {

    /** How a tensor's logical values are laid out in memory. */
    public enum Layout {
        /** Row-major from offset 0. */
        CONTIGUOUS,
        /** Stored with every dimension reversed and read back through permute (rank 1: stride 2). */
        PERMUTED,
        /** Stored inside a larger NaN-padded block and cut out with narrow: non-zero offset, longer strides. */
        NARROWED,
        /** Both: a permuted, padded block. */
        PERMUTED_NARROWED,
        /** Contiguous but starting at a non-zero offset: rows cut from the middle of a larger tensor. */
        OFFSET
    }

    private TestTensors() {
    }

    /** Unit roundoff of a dtype: results rounded to it are within {@code u * |x|} of the exact value. */
    public static double unitRoundoff(DType dtype) {
        return dtype == DType.F32 ? 0x1p-24 : 0x1p-53;
    }

    /** Values drawn uniformly from [lo, hi), rounded to the dtype so the reference sees exactly what the tensor holds. */
    public static double[] random(long seed, DType dtype, int n, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return roundTo(dtype, v);
    }

    /** Small integers in [lo, hi], so comparisons and maxima see ties. */
    public static double[] randomIntegers(long seed, int n, int lo, int hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + r.nextInt(hi - lo + 1);
        }
        return v;
    }

    public static double[] roundTo(DType dtype, double[] values) {
        double[] out = values.clone();
        if (dtype == DType.F32) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) out[i];
            }
        } else if (dtype == DType.I32) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (int) out[i];
            }
        }
        return out;
    }

    /** A contiguous tensor of the dtype holding {@code values}. */
    public static Tensor tensor(double[] values, DType dtype, int... shape) {
        return switch (dtype) {
            case F64 -> Backends.cpu().fromArray(values.clone(), shape);
            case F32 -> {
                float[] f = new float[values.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) values[i];
                }
                yield Backends.cpu().fromArray(f, shape);
            }
            case I32 -> {
                int[] v = new int[values.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (int) values[i];
                }
                yield Backends.cpu().fromArray(v, shape);
            }
        };
    }

    public static Tensor indices(int[] values, int... shape) {
        return Backends.cpu().fromArray(values.clone(), shape);
    }

    /** A tensor whose logical (row-major) contents are {@code values}, laid out in memory as {@code layout} says. */
    public static Tensor withLayout(Layout layout, double[] values, DType dtype, int... shape) {
        return switch (layout) {
            case CONTIGUOUS -> tensor(values, dtype, shape);
            case PERMUTED -> strided(values, dtype, shape, true, 0);
            case NARROWED -> strided(values, dtype, shape, false, 1);
            case PERMUTED_NARROWED -> strided(values, dtype, shape, true, 2);
            case OFFSET -> offset(values, dtype, shape);
        };
    }

    /**
     * Stores the values in a block whose dimensions are reversed (when {@code reverse}) and padded by
     * {@code pad} elements on both sides of every dimension with NaN (-1 for I32), then returns the view
     * through permute and narrow that reads them back in logical order.
     */
    private static Tensor strided(double[] values, DType dtype, int[] shape, boolean reverse, int pad) {
        int rank = shape.length;
        if (rank == 0) {
            return tensor(values, dtype, shape);
        }
        if (rank == 1 && reverse) {
            // a single dimension cannot be permuted: store every second element instead
            double[] store = new double[2 * shape[0] + 2 * pad];
            Arrays.fill(store, padValue(dtype));
            for (int i = 0; i < shape[0]; i++) {
                store[pad + 2 * i] = values[i];
            }
            Tensor base = tensor(store, dtype, store.length);
            return base.view(shape, new int[] {2}, pad);
        }
        int[] order = new int[rank];
        for (int k = 0; k < rank; k++) {
            order[k] = reverse ? rank - 1 - k : k;
        }
        int[] storeShape = new int[rank];
        for (int k = 0; k < rank; k++) {
            storeShape[k] = shape[order[k]] + 2 * pad;
        }
        double[] store = new double[numel(storeShape)];
        Arrays.fill(store, padValue(dtype));
        int[] s = new int[rank];
        for (int flat = 0; flat < values.length; flat++) {
            int[] idx = unravel(flat, shape);
            for (int k = 0; k < rank; k++) {
                s[k] = idx[order[k]] + pad;
            }
            store[ravel(s, storeShape)] = values[flat];
        }
        Tensor t = tensor(store, dtype, storeShape);
        if (reverse) {
            t = t.permute(order);
        }
        if (pad > 0) {
            for (int d = 0; d < rank; d++) {
                t = t.narrow(d, pad, shape[d]);
            }
        }
        assertArrayEquals(shape, t.shape());
        return t;
    }

    /** The values as rows 2.. of a tensor with two extra NaN rows before and one after, cut out by narrow(0, ...). */
    private static Tensor offset(double[] values, DType dtype, int[] shape) {
        if (shape.length == 0) {
            return tensor(values, dtype, shape);
        }
        int[] big = shape.clone();
        big[0] += 3;
        int row = numel(shape) / Math.max(shape[0], 1);
        double[] store = new double[numel(big)];
        Arrays.fill(store, padValue(dtype));
        System.arraycopy(values, 0, store, 2 * row, values.length);
        Tensor t = tensor(store, dtype, big).narrow(0, 2, shape[0]);
        assertTrue(t.isContiguous());
        return t;
    }

    private static double padValue(DType dtype) {
        return dtype == DType.I32 ? -1 : Double.NaN;
    }

    // ---- naive index math ----

    public static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    public static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    public static int ravel(int[] idx, int[] shape) {
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            flat = flat * shape[d] + idx[d];
        }
        return flat;
    }

    /** NumPy's broadcast shape, or null when the shapes do not broadcast. */
    public static int[] broadcastShape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
            int db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                return null;
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** The row-major values of {@code values} (of {@code shape}) repeated out to {@code target} by NumPy's rules. */
    public static double[] broadcastTo(double[] values, int[] shape, int[] target) {
        int lead = target.length - shape.length;
        double[] out = new double[numel(target)];
        int[] src = new int[shape.length];
        for (int flat = 0; flat < out.length; flat++) {
            int[] idx = unravel(flat, target);
            for (int d = 0; d < shape.length; d++) {
                src[d] = shape[d] == 1 ? 0 : idx[d + lead];
            }
            out[flat] = values[ravel(src, shape)];
        }
        return out;
    }

    /**
     * erf by the series 2/sqrt(pi) exp(-x^2) sum (2x^2)^n x / (1*3*...*(2n+1)), whose terms are all
     * positive (no cancellation), so it is accurate to a few ulps: an independent reference for the
     * engine's Taylor/continued-fraction erf.
     */
    public static double referenceErf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        if (a > 6) {
            return Math.signum(x); // 1 - erf(6) is 2e-17, below half an ulp of 1
        }
        double term = a;
        double sum = a;
        for (int n = 1; term > 1e-18 * sum; n++) {
            term *= 2 * a * a / (2 * n + 1);
            sum += term;
        }
        double r = 2 / Math.sqrt(Math.PI) * Math.exp(-a * a) * sum;
        return x < 0 ? -r : r;
    }

    // ---- comparison ----

    /**
     * Asserts the tensor's values match {@code expected} within {@code atol + rtol * |expected|}
     * elementwise (NaN matches NaN, infinities must be equal).
     */
    public static void assertClose(double[] expected, Tensor actual, double rtol, double atol, String what) {
        double[] got = actual.toDoubleArray();
        assertEquals(expected.length, got.length, what + ": element count");
        for (int i = 0; i < got.length; i++) {
            double e = expected[i];
            double g = got[i];
            if (Double.isNaN(e) && Double.isNaN(g)) {
                continue;
            }
            if (Double.isInfinite(e) || Double.isInfinite(g)) {
                if (e != g) {
                    fail(what + ": element " + i + " expected " + e + " but was " + g);
                }
                continue;
            }
            if (!(Math.abs(g - e) <= atol + rtol * Math.abs(e))) {
                fail(what + ": element " + i + " of " + got.length + " expected " + e + " but was " + g
                        + " (difference " + Math.abs(g - e) + ", allowed " + (atol + rtol * Math.abs(e)) + ")");
            }
        }
    }

    /**
     * Asserts each result is within {@code factor * u * bound[i]} of the reference, where {@code bound[i]}
     * is the sum of the absolute values of the terms that make it up (the standard forward error bound of
     * a sum is about {@code n * u * sum|terms|}, so callers pass the term count in {@code factor}).
     */
    public static void assertWithinBound(double[] expected, double[] bound, double factor, Tensor actual, String what) {
        double u = unitRoundoff(actual.dtype());
        double[] got = actual.toDoubleArray();
        assertEquals(expected.length, got.length, what + ": element count");
        for (int i = 0; i < got.length; i++) {
            // the final rounding of the result to the dtype adds u * |expected|
            double allowed = factor * u * bound[i] + u * Math.abs(expected[i]) + Double.MIN_NORMAL;
            if (!(Math.abs(got[i] - expected[i]) <= allowed)) {
                fail(what + ": element " + i + " of " + got.length + " expected " + expected[i] + " but was " + got[i]
                        + " (difference " + Math.abs(got[i] - expected[i]) + ", allowed " + allowed + ")");
            }
        }
    }

    /**
     * Default elementwise tolerance: results computed in double and rounded once to F32 are within
     * 2^-24 relative, so 1e-6 leaves room; F64 results may differ from the JDK reference by a few ulps.
     */
    public static double rtol(DType dtype) {
        return dtype == DType.F32 ? 1e-6 : 1e-12;
    }
}
