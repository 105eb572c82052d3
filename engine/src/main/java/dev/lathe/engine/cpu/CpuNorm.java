package dev.lathe.engine.cpu;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.LayerNormOutput;
import java.util.Arrays;

/**
 * Layer normalisation over the last dimension and its gradients, one pass per row in double
 * precision, as norm.cu's kernels compute them: the mean and the biased variance in two passes,
 * then the output; the backward pass reuses the stored mean and rstd. Rows are split over the
 * workers; the parameter gradients over column blocks, each summing its rows in order, so the
 * result does not depend on the thread count.
 */
final class CpuNorm {

    /** Per element: a handful of loads, multiplies and adds over two or three passes. */
    private static final long COST_PER_ELEMENT = 8;
    /** Columns per task of the parameter gradients: long enough rows of work, narrow enough to split. */
    private static final int COLUMN_BLOCK = 64;

    private CpuNorm() {
    }

    static LayerNormOutput forward(CpuBackend backend, Tensor x, Tensor weight, Tensor bias, double eps) {
        LastDim shape = LastDim.of(x);
        int rows = shape.rows();
        int cols = shape.cols();
        int[] rowShape = Arrays.copyOf(x.shape(), x.dim() - 1);
        Tensor out = backend.empty(x.dtype(), x.shape());
        Tensor mean = backend.empty(x.dtype(), rowShape);
        Tensor rstd = backend.empty(x.dtype(), rowShape);
        double[] w = parameter(backend, weight);
        double[] b = parameter(backend, bias);
        try (Tensor dense = backend.denseView(x)) {
            CpuStorage xs = CpuStorage.of(dense);
            CpuStorage ys = CpuStorage.of(out);
            CpuStorage means = CpuStorage.of(mean);
            CpuStorage rstds = CpuStorage.of(rstd);
            Parallel.forRange(rows, COST_PER_ELEMENT * cols, (r0, r1) -> {
                double[] row = new double[cols];
                for (int r = r0; r < r1; r++) {
                    Chunk.load(xs, r * cols, 1, cols, row);
                    double sum = 0;
                    for (int c = 0; c < cols; c++) {
                        sum += row[c];
                    }
                    double mu = sum / cols;
                    double squares = 0;
                    for (int c = 0; c < cols; c++) {
                        double d = row[c] - mu;
                        squares += d * d;
                    }
                    double inv = 1 / Math.sqrt(squares / cols + eps);
                    for (int c = 0; c < cols; c++) {
                        double v = (row[c] - mu) * inv;
                        if (w != null) {
                            v *= w[c];
                        }
                        if (b != null) {
                            v += b[c];
                        }
                        row[c] = v;
                    }
                    Chunk.store(row, cols, ys, r * cols, 1);
                    means.set(r, mu);
                    rstds.set(r, inv);
                }
            });
        }
        return new LayerNormOutput(out, mean, rstd);
    }

    /** With g = gy·weight and x̂ = (x − mean)·rstd: gx = rstd · (g − mean(g) − x̂ · mean(g · x̂)). */
    static Tensor backward(CpuBackend backend, Tensor x, Tensor gradOutput, Tensor weight, LayerNormOutput forward) {
        LastDim shape = LastDim.of(x);
        int rows = shape.rows();
        int cols = shape.cols();
        Tensor gradInput = backend.empty(x.dtype(), x.shape());
        double[] w = parameter(backend, weight);
        try (Tensor dx = backend.denseView(x); Tensor dgy = backend.denseView(gradOutput)) {
            CpuStorage xs = CpuStorage.of(dx);
            CpuStorage gys = CpuStorage.of(dgy);
            CpuStorage means = CpuStorage.of(forward.mean());
            CpuStorage rstds = CpuStorage.of(forward.rstd());
            CpuStorage gxs = CpuStorage.of(gradInput);
            Parallel.forRange(rows, COST_PER_ELEMENT * cols, (r0, r1) -> {
                double[] normalized = new double[cols];
                double[] g = new double[cols];
                for (int r = r0; r < r1; r++) {
                    Chunk.load(xs, r * cols, 1, cols, normalized);
                    Chunk.load(gys, r * cols, 1, cols, g);
                    double mu = means.get(r);
                    double inv = rstds.get(r);
                    double sumG = 0;
                    double sumGX = 0;
                    for (int c = 0; c < cols; c++) {
                        normalized[c] = (normalized[c] - mu) * inv;
                        if (w != null) {
                            g[c] *= w[c];
                        }
                        sumG += g[c];
                        sumGX += g[c] * normalized[c];
                    }
                    double meanG = sumG / cols;
                    double meanGX = sumGX / cols;
                    for (int c = 0; c < cols; c++) {
                        g[c] = inv * (g[c] - meanG - normalized[c] * meanGX);
                    }
                    Chunk.store(g, cols, gxs, r * cols, 1);
                }
            });
        }
        return gradInput;
    }

    /** gradWeight = Σ over rows of gy·x̂, gradBias = Σ gy. */
    static Tensor[] paramsBackward(CpuBackend backend, Tensor x, Tensor gradOutput, LayerNormOutput forward, boolean weightGrad,
            boolean biasGrad) {
        LastDim shape = LastDim.of(x);
        int rows = shape.rows();
        int cols = shape.cols();
        Tensor gw = weightGrad ? backend.empty(x.dtype(), cols) : null;
        Tensor gb = biasGrad ? backend.empty(x.dtype(), cols) : null;
        try (Tensor dx = backend.denseView(x); Tensor dgy = backend.denseView(gradOutput)) {
            CpuStorage xs = CpuStorage.of(dx);
            CpuStorage gys = CpuStorage.of(dgy);
            CpuStorage means = CpuStorage.of(forward.mean());
            CpuStorage rstds = CpuStorage.of(forward.rstd());
            int blocks = (cols + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
            Parallel.forRange(blocks, COST_PER_ELEMENT * rows * Math.min(cols, COLUMN_BLOCK), (b0, b1) -> {
                double[] xRow = new double[COLUMN_BLOCK];
                double[] gyRow = new double[COLUMN_BLOCK];
                double[] sumW = new double[COLUMN_BLOCK];
                double[] sumB = new double[COLUMN_BLOCK];
                for (int block = b0; block < b1; block++) {
                    int c0 = block * COLUMN_BLOCK;
                    int width = Math.min(COLUMN_BLOCK, cols - c0);
                    Arrays.fill(sumW, 0);
                    Arrays.fill(sumB, 0);
                    for (int r = 0; r < rows; r++) {
                        Chunk.load(xs, r * cols + c0, 1, width, xRow);
                        Chunk.load(gys, r * cols + c0, 1, width, gyRow);
                        double mu = means.get(r);
                        double inv = rstds.get(r);
                        for (int c = 0; c < width; c++) {
                            sumW[c] += gyRow[c] * ((xRow[c] - mu) * inv);
                            sumB[c] += gyRow[c];
                        }
                    }
                    if (gw != null) {
                        Chunk.store(sumW, width, CpuStorage.of(gw), c0, 1);
                    }
                    if (gb != null) {
                        Chunk.store(sumB, width, CpuStorage.of(gb), c0, 1);
                    }
                }
            });
        }
        return new Tensor[] {gw, gb};
    }

    /** A weight or bias [C] as doubles, or null. */
    private static double[] parameter(CpuBackend backend, Tensor p) {
        return p == null ? null : backend.toDoubleArray(p);
    }
}
