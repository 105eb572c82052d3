package dev.lathe.engine.cpu;

import dev.lathe.engine.DType;
import dev.lathe.engine.Tensor;

/**
 * Softmax and log-softmax along the last dimension and their gradients, one pass per row as
 * softmax_loss.cu computes them: the row's maximum, the exponentials of the shifted row and their
 * sum in double, then the output. F32 rows take their exponentials from {@link FloatExp}, as the
 * elementwise F32 exp does; rows are split over the workers.
 */
final class CpuSoftmax {

    /** Per element: a load, a subtraction, an exponential (several operations) and a division. */
    private static final long COST_PER_ELEMENT = 16;

    private CpuSoftmax() {
    }

    static Tensor forward(CpuBackend backend, Tensor x, boolean log) {
        LastDim shape = LastDim.of(x);
        int rows = shape.rows();
        int cols = shape.cols();
        Tensor out = backend.empty(x.dtype(), x.shape());
        try (Tensor dense = backend.denseView(x)) {
            CpuStorage xs = CpuStorage.of(dense);
            CpuStorage ys = CpuStorage.of(out);
            Parallel.forRange(rows, COST_PER_ELEMENT * cols, (r0, r1) -> {
                Row row = new Row(cols, x.dtype());
                for (int r = r0; r < r1; r++) {
                    Chunk.load(xs, r * cols, 1, cols, row.shifted);
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < cols; c++) {
                        max = Math.max(max, row.shifted[c]);
                    }
                    for (int c = 0; c < cols; c++) {
                        row.shifted[c] -= max;
                    }
                    double sum = row.exponentials();
                    if (log) {
                        double logSum = Math.log(sum);
                        for (int c = 0; c < cols; c++) {
                            row.exp[c] = row.shifted[c] - logSum;
                        }
                    } else {
                        for (int c = 0; c < cols; c++) {
                            row.exp[c] /= sum;
                        }
                    }
                    Chunk.store(row.exp, cols, ys, r * cols, 1);
                }
            });
        }
        return out;
    }

    /**
     * The input gradient from the output {@code y}: softmax gx = y · (gy − Σ gy·y); log-softmax
     * gx = gy − e^y · Σ gy.
     */
    static Tensor backward(CpuBackend backend, Tensor y, Tensor gradOutput, boolean log) {
        LastDim shape = LastDim.of(y);
        int rows = shape.rows();
        int cols = shape.cols();
        Tensor gradInput = backend.empty(y.dtype(), y.shape());
        try (Tensor dy = backend.denseView(y); Tensor dg = backend.denseView(gradOutput)) {
            CpuStorage ys = CpuStorage.of(dy);
            CpuStorage gys = CpuStorage.of(dg);
            CpuStorage gxs = CpuStorage.of(gradInput);
            Parallel.forRange(rows, COST_PER_ELEMENT * cols, (r0, r1) -> {
                Row row = new Row(cols, y.dtype());
                double[] g = new double[cols];
                for (int r = r0; r < r1; r++) {
                    Chunk.load(ys, r * cols, 1, cols, row.shifted);
                    Chunk.load(gys, r * cols, 1, cols, g);
                    double sum = 0;
                    if (log) {
                        for (int c = 0; c < cols; c++) {
                            sum += g[c];
                        }
                        row.exponentials();
                        for (int c = 0; c < cols; c++) {
                            g[c] -= row.exp[c] * sum;
                        }
                    } else {
                        for (int c = 0; c < cols; c++) {
                            sum += g[c] * row.shifted[c];
                        }
                        for (int c = 0; c < cols; c++) {
                            g[c] = row.shifted[c] * (g[c] - sum);
                        }
                    }
                    Chunk.store(g, cols, gxs, r * cols, 1);
                }
            });
        }
        return gradInput;
    }

    /** One row's scratch: its values ({@code shifted}), their exponentials, and float room for F32. */
    private static final class Row {
        final double[] shifted;
        final double[] exp;
        private final float[] floats;

        Row(int cols, DType dtype) {
            shifted = new double[cols];
            exp = new double[cols];
            floats = dtype == DType.F32 ? new float[cols] : null;
        }

        /** Fills {@link #exp} with e^shifted, in float for an F32 row; returns their sum in double. */
        double exponentials() {
            int n = shifted.length;
            if (floats != null) {
                for (int c = 0; c < n; c++) {
                    floats[c] = (float) shifted[c];
                }
                FloatExp.exp(floats, 0, 1, floats, 0, n);
                for (int c = 0; c < n; c++) {
                    exp[c] = floats[c];
                }
            } else {
                for (int c = 0; c < n; c++) {
                    exp[c] = Math.exp(shifted[c]);
                }
            }
            double sum = 0;
            for (int c = 0; c < n; c++) {
                sum += exp[c];
            }
            return sum;
        }
    }
}
