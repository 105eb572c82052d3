package dev.lathe.engine.cpu;

import dev.lathe.engine.DType;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.UnaryOp;

/**
 * The LSTM cell's pointwise part and its gradient, one op instead of about ten elementwise ops each
 * way (see {@link dev.lathe.engine.backend.Backend#lstmCell}). F32 takes its sigmoids and tanhs from
 * the float kernels the elementwise F32 ops use, and its forward pass is float arithmetic as theirs;
 * the gradient (and all of F64) is double arithmetic. Rows are split over the workers.
 */
final class CpuLstm {

    /** Per hidden unit: five squashing functions (each an exponential) and a few products. */
    private static final long COST_PER_UNIT = 60;

    private CpuLstm() {
    }

    static Tensor forward(CpuBackend backend, Tensor gates, Tensor cPrev) {
        int n = cPrev.size(0);
        int h = cPrev.size(1);
        Tensor out = backend.empty(gates.dtype(), n, 2 * h);
        try (Tensor g = backend.denseView(gates); Tensor c = backend.denseView(cPrev)) {
            CpuStorage gs = CpuStorage.of(g);
            CpuStorage cs = CpuStorage.of(c);
            CpuStorage os = CpuStorage.of(out);
            if (gs instanceof CpuStorage.F32 gf) {
                Parallel.forRange(n, COST_PER_UNIT * h, (r0, r1) -> forwardFloats(gf.data(), ((CpuStorage.F32) cs).data(),
                        ((CpuStorage.F32) os).data(), r0, r1, h));
                return out;
            }
            Parallel.forRange(n, COST_PER_UNIT * h, (r0, r1) -> {
                Rows rows = new Rows(r0, r1, h, gates.dtype());
                rows.activate(gs, cs);
                double[] result = new double[2 * h];
                for (int r = 0; r < rows.count; r++) {
                    // out row: h' = σ(o) ∘ tanh(c') in [0, H), c' in [H, 2H)
                    for (int j = 0; j < h; j++) {
                        result[j] = rows.act[(4 * r + 3) * h + j] * rows.tanhCell[r * h + j];
                        result[h + j] = rows.cell[r * h + j];
                    }
                    Chunk.store(result, 2 * h, os, (r0 + r) * 2 * h, 1);
                }
            });
        }
        return out;
    }

    /**
     * The F32 forward of rows [r0, r1) in float arithmetic on the arrays, as the elementwise ops
     * compute it (each product and sum rounded to float), in loops the JIT vectorises: inference
     * runs only this, and the double path was slower than those ops.
     */
    private static void forwardFloats(float[] gates, float[] cPrev, float[] out, int r0, int r1, int h) {
        int count = r1 - r0;
        float[] sigmoids = new float[count * 3 * h];
        float[] candidates = new float[count * h];
        squashGates(gates, r0, count, h, sigmoids, candidates);
        float[] cell = new float[count * h];
        for (int r = 0; r < count; r++) {
            int s = 3 * r * h;
            int c = (r0 + r) * h;
            for (int j = 0; j < h; j++) {
                cell[r * h + j] = sigmoids[s + h + j] * cPrev[c + j] + sigmoids[s + j] * candidates[r * h + j];
            }
        }
        float[] tanhCell = new float[count * h];
        FloatSquash.tanh(cell, 0, 1, tanhCell, 0, cell.length);
        for (int r = 0; r < count; r++) {
            int s = 3 * r * h + 2 * h;
            int o = (r0 + r) * 2 * h;
            for (int j = 0; j < h; j++) {
                out[o + j] = sigmoids[s + j] * tanhCell[r * h + j];
            }
            System.arraycopy(cell, r * h, out, o + h, h);
        }
    }

    /**
     * σ of the i, f and o columns of rows [r0, r0 + count) into {@code sigmoids} ([count, 3H], in
     * that order) and tanh of the g columns into {@code candidates} ([count, H]): each gathered into
     * one run, so the float kernels run twice per block instead of four times a row.
     */
    private static void squashGates(float[] gates, int r0, int count, int h, float[] sigmoids, float[] candidates) {
        float[] sigmoidIn = new float[count * 3 * h];
        float[] tanhIn = new float[count * h];
        for (int r = 0; r < count; r++) {
            int row = (r0 + r) * 4 * h;
            System.arraycopy(gates, row, sigmoidIn, r * 3 * h, 2 * h);
            System.arraycopy(gates, row + 3 * h, sigmoidIn, r * 3 * h + 2 * h, h);
            System.arraycopy(gates, row + 2 * h, tanhIn, r * h, h);
        }
        FloatSquash.sigmoid(sigmoidIn, 0, 1, sigmoids, 0, sigmoids.length);
        FloatSquash.tanh(tanhIn, 0, 1, candidates, 0, candidates.length);
    }

    /** {gradGates [N, 4H], gradCPrev [N, H]} from the gradient of forward's [N, 2H] output. */
    static Tensor[] backward(CpuBackend backend, Tensor gradOutput, Tensor gates, Tensor cPrev) {
        int n = cPrev.size(0);
        int h = cPrev.size(1);
        Tensor gradGates = backend.empty(gates.dtype(), n, 4 * h);
        Tensor gradCPrev = backend.empty(gates.dtype(), n, h);
        try (Tensor g = backend.denseView(gates); Tensor c = backend.denseView(cPrev); Tensor gy = backend.denseView(gradOutput)) {
            CpuStorage gs = CpuStorage.of(g);
            CpuStorage cs = CpuStorage.of(c);
            CpuStorage gys = CpuStorage.of(gy);
            CpuStorage ggs = CpuStorage.of(gradGates);
            CpuStorage gcs = CpuStorage.of(gradCPrev);
            Parallel.forRange(n, 2 * COST_PER_UNIT * h, (r0, r1) -> {
                Rows rows = new Rows(r0, r1, h, gates.dtype());
                rows.activate(gs, cs);
                double[] grad = new double[2 * h];
                double[] dGates = new double[4 * h];
                double[] dPrev = new double[h];
                for (int r = 0; r < rows.count; r++) {
                    Chunk.load(gys, (r0 + r) * 2 * h, 1, 2 * h, grad);
                    int a = 4 * r * h;
                    for (int j = 0; j < h; j++) {
                        double i = rows.act[a + j];
                        double f = rows.act[a + h + j];
                        double cand = rows.act[a + 2 * h + j];
                        double o = rows.act[a + 3 * h + j];
                        double t = rows.tanhCell[r * h + j];
                        double dh = grad[j];
                        // the cell's gradient: from c' itself and through h' = o · tanh(c')
                        double dc = grad[h + j] + dh * o * (1 - t * t);
                        dGates[j] = dc * cand * i * (1 - i);
                        dGates[h + j] = dc * rows.prev[r * h + j] * f * (1 - f);
                        dGates[2 * h + j] = dc * i * (1 - cand * cand);
                        dGates[3 * h + j] = dh * t * o * (1 - o);
                        dPrev[j] = dc * f;
                    }
                    Chunk.store(dGates, 4 * h, ggs, (r0 + r) * 4 * h, 1);
                    Chunk.store(dPrev, h, gcs, (r0 + r) * h, 1);
                }
            });
        }
        return new Tensor[] {gradGates, gradCPrev};
    }

    /**
     * Batch rows [r0, r1): their activations σ(i), σ(f), tanh(g), σ(o) ([count, 4H]), previous and
     * new cells and tanh of the new cell ([count, H]). F32 rows gather their sigmoid and tanh inputs
     * into one run each, so the float kernels run three times per block instead of four times a row.
     */
    private static final class Rows {
        final int from;
        final int count;
        final int h;
        final boolean floats;
        final double[] act;
        final double[] prev;
        final double[] cell;
        final double[] tanhCell;

        Rows(int from, int to, int h, DType dtype) {
            this.from = from;
            this.count = to - from;
            this.h = h;
            this.floats = dtype == DType.F32;
            act = new double[count * 4 * h];
            prev = new double[count * h];
            cell = new double[count * h];
            tanhCell = new double[count * h];
        }

        void activate(CpuStorage gates, CpuStorage cPrev) {
            Chunk.load(cPrev, from * h, 1, count * h, prev);
            if (floats) {
                activateFloats(((CpuStorage.F32) gates).data());
            } else {
                Chunk.load(gates, from * 4 * h, 1, count * 4 * h, act);
                for (int k = 0; k < act.length; k++) {
                    int column = k % (4 * h);
                    act[k] = (column >= 2 * h && column < 3 * h ? UnaryOp.TANH : UnaryOp.SIGMOID).apply(act[k]);
                }
            }
            for (int r = 0; r < count; r++) {
                for (int j = 0; j < h; j++) {
                    int a = 4 * r * h + j;
                    double forget = act[a + h] * prev[r * h + j];
                    double input = act[a] * act[a + 2 * h];
                    // F32: the forward pass's float products and sum (a product of two floats is exact in double)
                    cell[r * h + j] = floats ? (float) ((float) forget + (float) input) : forget + input;
                }
            }
            if (floats) {
                // the cell is stored as a float: its tanh is the float kernel's of that float
                float[] rounded = new float[cell.length];
                for (int k = 0; k < cell.length; k++) {
                    rounded[k] = (float) cell[k];
                }
                float[] squashed = new float[cell.length];
                FloatSquash.tanh(rounded, 0, 1, squashed, 0, cell.length);
                for (int k = 0; k < cell.length; k++) {
                    tanhCell[k] = squashed[k];
                }
            } else {
                for (int k = 0; k < cell.length; k++) {
                    tanhCell[k] = UnaryOp.TANH.apply(cell[k]);
                }
            }
        }

        /** The activations from {@link #squashGates}, widened. */
        private void activateFloats(float[] g) {
            float[] sigmoids = new float[count * 3 * h];
            float[] tanhs = new float[count * h];
            squashGates(g, from, count, h, sigmoids, tanhs);
            for (int r = 0; r < count; r++) {
                for (int j = 0; j < h; j++) {
                    int a = 4 * r * h + j;
                    int s = 3 * r * h + j;
                    act[a] = sigmoids[s];
                    act[a + h] = sigmoids[s + h];
                    act[a + 2 * h] = tanhs[r * h + j];
                    act[a + 3 * h] = sigmoids[s + 2 * h];
                }
            }
        }
    }
}
