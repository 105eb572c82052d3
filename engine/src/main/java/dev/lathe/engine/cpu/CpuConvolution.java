package dev.lathe.engine.cpu;

import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.Conv2dParams;

/**
 * 2-d convolution and its two gradients by im2col + GEMM. The columns of a whole chunk of the
 * batch go into one matrix so each GEMM is large enough for OpenBLAS to use every core.
 */
final class CpuConvolution {

    /** Largest im2col matrix (elements) built at once; larger batches are processed in chunks. */
    private static final long MAX_COLUMN_ELEMENTS = 1L << 24;

    private CpuConvolution() {
    }

    /** The sizes involved in one convolution. */
    private record Geometry(int n, int c, int h, int w, int o, int kh, int kw, int oh, int ow, int groups, Conv2dParams p) {

        static Geometry of(int[] inputShape, int[] weightShape, Conv2dParams p) {
            if (inputShape.length != 4 || weightShape.length != 4) {
                throw new IllegalArgumentException("conv2d needs input [N, C, H, W] and weight [O, C/groups, kH, kW], got ["
                        + Shapes.format(inputShape) + "] and [" + Shapes.format(weightShape) + "]");
            }
            int c = inputShape[1];
            int o = weightShape[0];
            if (c != weightShape[1] * p.groups() || o % p.groups() != 0) {
                throw new IllegalArgumentException("conv2d: input [" + Shapes.format(inputShape) + "] and weight ["
                        + Shapes.format(weightShape) + "] do not match for groups=" + p.groups());
            }
            int oh = p.outputHeight(inputShape[2], weightShape[2]);
            int ow = p.outputWidth(inputShape[3], weightShape[3]);
            if (oh <= 0 || ow <= 0) {
                throw new IllegalArgumentException("conv2d: kernel [" + weightShape[2] + ", " + weightShape[3]
                        + "] (dilation " + p.dilationH() + ") is larger than the padded input [" + inputShape[2] + ", "
                        + inputShape[3] + "]");
            }
            return new Geometry(inputShape[0], c, inputShape[2], inputShape[3], o, weightShape[2], weightShape[3], oh, ow,
                    p.groups(), p);
        }

        int channelsPerGroup() {
            return c / groups;
        }

        int outputsPerGroup() {
            return o / groups;
        }

        /** Rows of the column matrix: one per (input channel of a group, kernel row, kernel column). */
        int columnRows() {
            return channelsPerGroup() * kh * kw;
        }

        int outputPlane() {
            return oh * ow;
        }

        /** Fails unless a gradient has this convolution's output shape [N, O, OH, OW]. */
        void requireOutputShape(Tensor gradOutput) {
            int[] expected = {n, o, oh, ow};
            if (!java.util.Arrays.equals(expected, gradOutput.shape())) {
                throw new IllegalArgumentException("conv2d backward: gradient [" + Shapes.format(gradOutput.shape())
                        + "] does not match the output shape [" + Shapes.format(expected) + "]");
            }
        }

        int chunk() {
            long perSample = (long) columnRows() * outputPlane();
            return (int) Math.max(1, Math.min(n, MAX_COLUMN_ELEMENTS / Math.max(perSample, 1)));
        }
    }

    static Tensor forward(CpuBackend backend, Tensor input, Tensor weight, Conv2dParams p) {
        Geometry g = Geometry.of(input.shape(), weight.shape(), p);
        Tensor out = backend.empty(input.dtype(), g.n, g.o, g.oh, g.ow);
        int k = g.columnRows();
        int og = g.outputsPerGroup();
        try (Tensor x = backend.denseView(input); Tensor w = backend.denseView(weight)) {
            int chunk = g.chunk();
            try (Tensor cols = backend.empty(input.dtype(), k, chunk * g.outputPlane());
                 Tensor product = backend.empty(input.dtype(), og, chunk * g.outputPlane())) {
                for (int n0 = 0; n0 < g.n; n0 += chunk) {
                    int nb = Math.min(chunk, g.n - n0);
                    int width = nb * g.outputPlane();
                    for (int group = 0; group < g.groups; group++) {
                        im2col(g, CpuStorage.of(x), n0, nb, group, CpuStorage.of(cols), width);
                        Blas.gemm(false, false, 1.0, new Blas.Matrix(CpuStorage.of(w), group * og * k, og, k, k),
                                new Blas.Matrix(CpuStorage.of(cols), 0, k, width, width),
                                0.0, new Blas.Matrix(CpuStorage.of(product), 0, og, width, width));
                        moveProduct(g, CpuStorage.of(product), CpuStorage.of(out), n0, nb, group, true);
                    }
                }
            }
        }
        return out;
    }

    static Tensor backwardData(CpuBackend backend, Tensor gradOutput, Tensor weight, int[] inputShape, Conv2dParams p) {
        Geometry g = Geometry.of(inputShape, weight.shape(), p);
        g.requireOutputShape(gradOutput);
        Tensor gradInput = backend.empty(gradOutput.dtype(), inputShape);
        backend.fill(gradInput, 0);
        int k = g.columnRows();
        int og = g.outputsPerGroup();
        try (Tensor gy = backend.denseView(gradOutput); Tensor w = backend.denseView(weight)) {
            int chunk = g.chunk();
            try (Tensor cols = backend.empty(gradOutput.dtype(), k, chunk * g.outputPlane());
                 Tensor product = backend.empty(gradOutput.dtype(), og, chunk * g.outputPlane())) {
                for (int n0 = 0; n0 < g.n; n0 += chunk) {
                    int nb = Math.min(chunk, g.n - n0);
                    int width = nb * g.outputPlane();
                    for (int group = 0; group < g.groups; group++) {
                        moveProduct(g, CpuStorage.of(product), CpuStorage.of(gy), n0, nb, group, false);
                        Blas.gemm(true, false, 1.0, new Blas.Matrix(CpuStorage.of(w), group * og * k, og, k, k),
                                new Blas.Matrix(CpuStorage.of(product), 0, og, width, width),
                                0.0, new Blas.Matrix(CpuStorage.of(cols), 0, k, width, width));
                        col2im(g, CpuStorage.of(cols), width, n0, nb, group, CpuStorage.of(gradInput));
                    }
                }
            }
        }
        return gradInput;
    }

    static Tensor backwardFilter(CpuBackend backend, Tensor input, Tensor gradOutput, int[] weightShape, Conv2dParams p) {
        Geometry g = Geometry.of(input.shape(), weightShape, p);
        g.requireOutputShape(gradOutput);
        Tensor gradWeight = backend.empty(input.dtype(), weightShape);
        backend.fill(gradWeight, 0);
        int k = g.columnRows();
        int og = g.outputsPerGroup();
        try (Tensor x = backend.denseView(input); Tensor gy = backend.denseView(gradOutput)) {
            int chunk = g.chunk();
            try (Tensor cols = backend.empty(input.dtype(), k, chunk * g.outputPlane());
                 Tensor product = backend.empty(input.dtype(), og, chunk * g.outputPlane())) {
                for (int n0 = 0; n0 < g.n; n0 += chunk) {
                    int nb = Math.min(chunk, g.n - n0);
                    int width = nb * g.outputPlane();
                    for (int group = 0; group < g.groups; group++) {
                        im2col(g, CpuStorage.of(x), n0, nb, group, CpuStorage.of(cols), width);
                        moveProduct(g, CpuStorage.of(product), CpuStorage.of(gy), n0, nb, group, false);
                        Blas.gemm(false, true, 1.0, new Blas.Matrix(CpuStorage.of(product), 0, og, width, width),
                                new Blas.Matrix(CpuStorage.of(cols), 0, k, width, width),
                                1.0, new Blas.Matrix(CpuStorage.of(gradWeight), group * og * k, og, k, k));
                    }
                }
            }
        }
        return gradWeight;
    }

    /** Fills cols[row, i*P + q] with the input pixel that kernel tap {@code row} sees at output position q of sample n0+i. */
    private static void im2col(Geometry g, CpuStorage x, int n0, int nb, int group, CpuStorage cols, int width) {
        Conv2dParams p = g.p;
        int plane = g.outputPlane();
        int cg = g.channelsPerGroup();
        Parallel.forRange(g.columnRows(), width, (r0, r1) -> {
            for (int row = r0; row < r1; row++) {
                int c = row / (g.kh * g.kw);
                int ki = (row / g.kw) % g.kh;
                int kj = row % g.kw;
                for (int i = 0; i < nb; i++) {
                    int xBase = ((n0 + i) * g.c + group * cg + c) * g.h * g.w;
                    int colBase = row * width + i * plane;
                    for (int oy = 0; oy < g.oh; oy++) {
                        int iy = oy * p.strideH() - p.padH() + ki * p.dilationH();
                        int dst = colBase + oy * g.ow;
                        if (iy < 0 || iy >= g.h) {
                            cols.fill(dst, dst + g.ow, 0);
                            continue;
                        }
                        int src = xBase + iy * g.w;
                        if (p.strideW() == 1) {
                            // output columns [from, to) read one contiguous run of the input row
                            int shift = kj * p.dilationW() - p.padW();
                            int from = runStart(shift, g.ow);
                            int to = runEnd(shift, g.w, g.ow, from);
                            cols.fill(dst, dst + from, 0);
                            if (to > from) {
                                System.arraycopy(x.array(), src + from + shift, cols.array(), dst + from, to - from);
                            }
                            cols.fill(dst + to, dst + g.ow, 0);
                            continue;
                        }
                        for (int ox = 0; ox < g.ow; ox++) {
                            int ix = ox * p.strideW() - p.padW() + kj * p.dilationW();
                            cols.set(dst + ox, ix >= 0 && ix < g.w ? x.get(src + ix) : 0);
                        }
                    }
                }
            }
        });
    }

    /** With stride 1 output column ox reads input column ox + shift: the first column that lies inside the input. */
    private static int runStart(int shift, int outputWidth) {
        return Math.min(outputWidth, Math.max(0, -shift));
    }

    /** With stride 1, the end of the output columns that read inside an input row of {@code width}. */
    private static int runEnd(int shift, int width, int outputWidth, int start) {
        return Math.max(start, Math.min(outputWidth, width - shift));
    }

    /** Adds each column entry back onto the input pixel it was read from (the adjoint of im2col). */
    private static void col2im(Geometry g, CpuStorage cols, int width, int n0, int nb, int group, CpuStorage gradInput) {
        Conv2dParams p = g.p;
        int plane = g.outputPlane();
        int cg = g.channelsPerGroup();
        int taps = g.kh * g.kw;
        // one task per input channel: the rows of different channels touch disjoint pixels
        Parallel.forRange(cg, (long) taps * width, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                for (int tap = 0; tap < taps; tap++) {
                    int row = c * taps + tap;
                    int ki = tap / g.kw;
                    int kj = tap % g.kw;
                    for (int i = 0; i < nb; i++) {
                        int xBase = ((n0 + i) * g.c + group * cg + c) * g.h * g.w;
                        int colBase = row * width + i * plane;
                        for (int oy = 0; oy < g.oh; oy++) {
                            int iy = oy * p.strideH() - p.padH() + ki * p.dilationH();
                            if (iy < 0 || iy >= g.h) {
                                continue;
                            }
                            if (p.strideW() == 1) {
                                int shift = kj * p.dilationW() - p.padW();
                                int from = runStart(shift, g.ow);
                                int to = runEnd(shift, g.w, g.ow, from);
                                gradInput.addRun(cols, colBase + oy * g.ow + from, xBase + iy * g.w + from + shift, to - from);
                                continue;
                            }
                            for (int ox = 0; ox < g.ow; ox++) {
                                int ix = ox * p.strideW() - p.padW() + kj * p.dilationW();
                                if (ix >= 0 && ix < g.w) {
                                    gradInput.add(xBase + iy * g.w + ix, cols.get(colBase + oy * g.ow + ox));
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * Moves one group's block between the GEMM layout [O/g, nb*P] and the NCHW layout
     * [N, O, P]: into NCHW when {@code toNchw}, out of it otherwise.
     */
    private static void moveProduct(Geometry g, CpuStorage product, CpuStorage nchw, int n0, int nb, int group, boolean toNchw) {
        int plane = g.outputPlane();
        int og = g.outputsPerGroup();
        Parallel.forRange(og, (long) nb * plane, (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                for (int i = 0; i < nb; i++) {
                    int productBase = (o * nb + i) * plane;
                    int nchwBase = ((n0 + i) * g.o + group * og + o) * plane;
                    if (toNchw) {
                        System.arraycopy(product.array(), productBase, nchw.array(), nchwBase, plane);
                    } else {
                        System.arraycopy(nchw.array(), nchwBase, product.array(), productBase, plane);
                    }
                }
            }
        });
    }
}
