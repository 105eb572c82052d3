package dev.lathe.engine.cpu;

import dev.lathe.engine.DType;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.Conv2dParams;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * 2-d convolution and its two gradients by im2col + GEMM. The batch is split over the workers;
 * each builds the columns of a block of its samples (several when an output plane is small, so
 * the GEMM stays wide enough for OpenBLAS's kernels) in a cache-sized buffer and runs its own
 * single-threaded GEMMs, so the columns never make a round trip through main memory and the
 * threads do not wait on each other until the end.
 */
final class CpuConvolution {

    /** Columns each GEMM gets at least, where the thread has enough samples: narrower ones run far below OpenBLAS's peak. */
    private static final int MIN_GEMM_COLUMNS = 256;
    /** Largest column matrix (elements) a thread builds at once; one sample's columns are built whole regardless. */
    private static final long MAX_COLUMN_ELEMENTS = 1L << 22;
    /** Output rows at least this wide are copied into the columns run by run; narrower ones through {@link #tapPixels}. */
    private static final int MIN_RUN_WIDTH = 8;

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

        int inputSample() {
            return c * h * w;
        }

        long flopsPerSample() {
            return 2L * o * columnRows() * outputPlane();
        }

        /** Samples whose columns sit side by side in one GEMM. */
        int samplesPerBlock() {
            int wanted = (MIN_GEMM_COLUMNS + outputPlane() - 1) / outputPlane();
            long fitting = MAX_COLUMN_ELEMENTS / Math.max(1L, (long) columnRows() * outputPlane());
            return (int) Math.max(1, Math.min(Math.min(wanted, fitting), n));
        }

        int blockColumns() {
            return samplesPerBlock() * outputPlane();
        }

        /** Fails unless a gradient has this convolution's output shape [N, O, OH, OW]. */
        void requireOutputShape(Tensor gradOutput) {
            int[] expected = {n, o, oh, ow};
            if (!java.util.Arrays.equals(expected, gradOutput.shape())) {
                throw new IllegalArgumentException("conv2d backward: gradient [" + Shapes.format(gradOutput.shape())
                        + "] does not match the output shape [" + Shapes.format(expected) + "]");
            }
        }
    }

    /** Works on samples [n0, n0 + nb). */
    @FunctionalInterface
    private interface Block {
        void run(int n0, int nb);
    }

    /** Calls {@code block} for samples [s0, s1) a block at a time. */
    private static void forEachBlock(Geometry g, int s0, int s1, Block block) {
        int per = g.samplesPerBlock();
        for (int n0 = s0; n0 < s1; n0 += per) {
            block.run(n0, Math.min(per, s1 - n0));
        }
    }

    /** One thread's share of the batch, with its buffers: the columns of a block, and a GEMM result laid out [O/groups, nb·P]. */
    @FunctionalInterface
    private interface Share {
        void run(int s0, int s1, CpuStorage cols, CpuStorage product);
    }

    /** Splits the batch over the workers, each share with buffers for one block of samples. */
    private static void overSamples(CpuBackend backend, Geometry g, DType dtype, Share share) {
        Parallel.forRange(g.n, g.flopsPerSample(), (s0, s1) -> {
            try (Tensor cols = backend.empty(dtype, g.columnRows(), g.blockColumns());
                 Tensor product = backend.empty(dtype, g.outputsPerGroup(), g.blockColumns())) {
                share.run(s0, s1, CpuStorage.of(cols), CpuStorage.of(product));
            }
        });
    }

    /** One group's weight block [O/groups, C/groups · kH · kW] of the weight [O, C/groups, kH, kW]. */
    private static Blas.Matrix groupWeight(Geometry g, CpuStorage weight, int group) {
        return new Blas.Matrix(weight, group * g.outputsPerGroup() * g.columnRows(), g.outputsPerGroup(), g.columnRows(),
                Math.max(g.columnRows(), 1));
    }

    /** The block's columns [C/groups · kH · kW, nb · P], as im2col packs them. */
    private static Blas.Matrix columns(Geometry g, CpuStorage cols, int nb) {
        int width = nb * g.outputPlane();
        return new Blas.Matrix(cols, 0, g.columnRows(), width, width);
    }

    /**
     * Where a block's GEMM result [O/groups, nb · P] is read or written: in NCHW itself for a single
     * sample, whose group block has that layout, else in the thread's {@code product} buffer, which
     * {@link #moveProduct} moves to or from NCHW.
     */
    private static Blas.Matrix result(Geometry g, CpuStorage nchw, CpuStorage product, int n0, int nb, int group) {
        int width = nb * g.outputPlane();
        return nb == 1
                ? new Blas.Matrix(nchw, (n0 * g.o + group * g.outputsPerGroup()) * g.outputPlane(), g.outputsPerGroup(), width, width)
                : new Blas.Matrix(product, 0, g.outputsPerGroup(), width, width);
    }

    static Tensor forward(CpuBackend backend, Tensor input, Tensor weight, Conv2dParams p) {
        Geometry g = Geometry.of(input.shape(), weight.shape(), p);
        DType dtype = input.dtype();
        Tensor out = backend.empty(dtype, g.n, g.o, g.oh, g.ow);
        CpuStorage y = CpuStorage.of(out);
        try (Tensor x = backend.denseView(input); Tensor w = backend.denseView(weight)) {
            CpuStorage weights = CpuStorage.of(w);
            overSamples(backend, g, dtype, (s0, s1, cols, product) -> {
                forEachBlock(g, s0, s1, (n0, nb) -> {
                    for (int group = 0; group < g.groups; group++) {
                        im2col(g, CpuStorage.of(x), n0, nb, group, cols, nb * g.outputPlane());
                        Blas.gemm(false, false, 1.0, groupWeight(g, weights, group), columns(g, cols, nb), 0.0,
                                result(g, y, product, n0, nb, group));
                        moveProduct(g, product, y, n0, nb, group, true);
                    }
                });
            });
        }
        return out;
    }

    static Tensor backwardData(CpuBackend backend, Tensor gradOutput, Tensor weight, int[] inputShape, Conv2dParams p) {
        Geometry g = Geometry.of(inputShape, weight.shape(), p);
        g.requireOutputShape(gradOutput);
        DType dtype = gradOutput.dtype();
        Tensor gradInput = backend.empty(dtype, inputShape);
        CpuStorage gx = CpuStorage.of(gradInput);
        try (Tensor gy = backend.denseView(gradOutput); Tensor w = backend.denseView(weight)) {
            CpuStorage weights = CpuStorage.of(w);
            CpuStorage dy = CpuStorage.of(gy);
            overSamples(backend, g, dtype, (s0, s1, cols, product) -> {
                forEachBlock(g, s0, s1, (n0, nb) -> {
                    int width = nb * g.outputPlane();
                    // col2im adds onto the block's samples, which no other thread touches
                    gx.fill(n0 * g.inputSample(), (n0 + nb) * g.inputSample(), 0);
                    for (int group = 0; group < g.groups; group++) {
                        moveProduct(g, product, dy, n0, nb, group, false);
                        Blas.gemm(true, false, 1.0, groupWeight(g, weights, group), result(g, dy, product, n0, nb, group), 0.0,
                                columns(g, cols, nb));
                        col2im(g, cols, width, n0, nb, group, gx);
                    }
                });
            });
        }
        return gradInput;
    }

    static Tensor backwardFilter(CpuBackend backend, Tensor input, Tensor gradOutput, int[] weightShape, Conv2dParams p) {
        Geometry g = Geometry.of(input.shape(), weightShape, p);
        g.requireOutputShape(gradOutput);
        DType dtype = input.dtype();
        // each thread sums its own samples; the sums are added in sample order so the result does
        // not depend on which thread finished first
        ConcurrentSkipListMap<Integer, Tensor> partials = new ConcurrentSkipListMap<>();
        try (Tensor x = backend.denseView(input); Tensor gy = backend.denseView(gradOutput)) {
            CpuStorage dy = CpuStorage.of(gy);
            overSamples(backend, g, dtype, (s0, s1, cols, product) -> {
                Tensor partial = backend.empty(dtype, weightShape);
                CpuStorage sum = CpuStorage.of(partial);
                if (s1 == s0) {
                    backend.fill(partial, 0);
                }
                forEachBlock(g, s0, s1, (n0, nb) -> {
                    for (int group = 0; group < g.groups; group++) {
                        im2col(g, CpuStorage.of(x), n0, nb, group, cols, nb * g.outputPlane());
                        moveProduct(g, product, dy, n0, nb, group, false);
                        Blas.gemm(false, true, 1.0, result(g, dy, product, n0, nb, group), columns(g, cols, nb),
                                n0 == s0 ? 0.0 : 1.0, groupWeight(g, sum, group));
                    }
                });
                partials.put(s0, partial);
            });
        }
        Tensor gradWeight = partials.pollFirstEntry().getValue();
        int size = Shapes.numel(weightShape);
        for (Tensor partial : partials.values()) {
            CpuStorage.of(gradWeight).addRun(CpuStorage.of(partial), 0, 0, size);
            partial.close();
        }
        return gradWeight;
    }

    /**
     * The outputs along one axis whose input index {@code out * stride + offset} lies inside
     * [0, size): [first, end) as {@code range[0..1]}; the outputs outside read the padding.
     */
    private static void insideRange(int offset, int stride, int size, int outputs, int[] range) {
        int first = offset >= 0 ? 0 : Math.min(outputs, (-offset + stride - 1) / stride);
        int last = size - 1 - offset;
        range[0] = first;
        range[1] = last < 0 ? first : Math.max(first, Math.min(outputs, last / stride + 1));
    }

    /** Which pixels kernel tap (ki, kj) reads: the inside output rows and columns, and the input offset of output (0, 0). */
    private record Tap(int yFrom, int yTo, int xFrom, int xTo, int rowOffset, int colOffset) {

        static Tap of(Geometry g, int tap) {
            Conv2dParams p = g.p;
            int rowOffset = (tap / g.kw) * p.dilationH() - p.padH();
            int colOffset = (tap % g.kw) * p.dilationW() - p.padW();
            int[] rows = new int[2];
            int[] cols = new int[2];
            insideRange(rowOffset, p.strideH(), g.h, g.oh, rows);
            insideRange(colOffset, p.strideW(), g.w, g.ow, cols);
            return new Tap(rows[0], rows[1], cols[0], cols[1], rowOffset, colOffset);
        }

        /** Index in a channel's input plane of the pixel that output (oy, 0) reads (ox = 0 may lie in the padding). */
        int inputRow(Geometry g, int oy) {
            return (oy * g.p.strideH() + rowOffset) * g.w + colOffset;
        }
    }

    private static Tap[] taps(Geometry g) {
        Tap[] taps = new Tap[g.kh * g.kw];
        for (int t = 0; t < taps.length; t++) {
            taps[t] = Tap.of(g, t);
        }
        return taps;
    }

    /**
     * For each kernel tap t and output position q, the index in a channel's input plane of the
     * pixel that tap reads at q, or -1 where it reads the padding: entry {@code t * P + q}.
     * Convolutions with output rows narrower than {@link #MIN_RUN_WIDTH} walk this table instead of
     * copying row by row: their runs are a few pixels long, and bounding and starting each run cost
     * more than the copy (conv3 of cnn-fashion, 3-pixel rows: im2col and col2im took about half of
     * its time).
     */
    private static int[] tapPixels(Geometry g) {
        Conv2dParams p = g.p;
        int plane = g.outputPlane();
        int[] pixels = new int[g.kh * g.kw * plane];
        for (int tap = 0; tap < g.kh * g.kw; tap++) {
            int rowOffset = (tap / g.kw) * p.dilationH() - p.padH();
            int colOffset = (tap % g.kw) * p.dilationW() - p.padW();
            for (int oy = 0; oy < g.oh; oy++) {
                int iy = oy * p.strideH() + rowOffset;
                for (int ox = 0; ox < g.ow; ox++) {
                    int ix = ox * p.strideW() + colOffset;
                    boolean inside = iy >= 0 && iy < g.h && ix >= 0 && ix < g.w;
                    pixels[tap * plane + oy * g.ow + ox] = inside ? iy * g.w + ix : -1;
                }
            }
        }
        return pixels;
    }

    /** Fills cols[row, i*P + q] with the input pixel that kernel tap {@code row} sees at output position q of sample n0+i. */
    private static void im2col(Geometry g, CpuStorage x, int n0, int nb, int group, CpuStorage cols, int width) {
        int plane = g.outputPlane();
        int channelPlane = g.h * g.w;
        int firstChannel = group * g.channelsPerGroup();
        int tapCount = g.kh * g.kw;
        int[] pixels = g.ow < MIN_RUN_WIDTH ? tapPixels(g) : null;
        Tap[] taps = pixels == null ? taps(g) : null;
        Parallel.forRange(g.columnRows(), width, (r0, r1) -> {
            for (int row = r0; row < r1; row++) {
                int tap = row % tapCount;
                int channel = firstChannel + row / tapCount;
                for (int i = 0; i < nb; i++) {
                    int colBase = row * width + i * plane;
                    int channelStart = ((n0 + i) * g.c + channel) * channelPlane;
                    if (pixels != null) {
                        cols.gatherRun(x, channelStart, pixels, tap * plane, colBase, plane);
                    } else {
                        copyTapRows(g, taps[tap], x, channelStart, cols, colBase);
                    }
                }
            }
        });
    }

    /** im2col for one tap of one channel of one sample, row run by row run; the padding is written as zeros. */
    private static void copyTapRows(Geometry g, Tap t, CpuStorage x, int channelStart, CpuStorage cols, int colBase) {
        int ow = g.ow;
        int strideW = g.p.strideW();
        int rowStep = g.p.strideH() * g.w;
        if (t.yFrom > 0) {
            cols.fill(colBase, colBase + t.yFrom * ow, 0);
        }
        if (t.yTo < g.oh) {
            cols.fill(colBase + t.yTo * ow, colBase + g.outputPlane(), 0);
        }
        int src = channelStart + t.inputRow(g, t.yFrom);
        for (int dst = colBase + t.yFrom * ow; dst < colBase + t.yTo * ow; dst += ow, src += rowStep) {
            if (t.xFrom > 0) {
                cols.fill(dst, dst + t.xFrom, 0);
            }
            if (strideW == 1) {
                cols.copyRun(x, src + t.xFrom, dst + t.xFrom, t.xTo - t.xFrom);
            } else {
                for (int ox = t.xFrom; ox < t.xTo; ox++) {
                    cols.set(dst + ox, x.get(src + ox * strideW));
                }
            }
            if (t.xTo < ow) {
                cols.fill(dst + t.xTo, dst + ow, 0);
            }
        }
    }

    /** Adds each column entry back onto the input pixel it was read from (the adjoint of im2col). */
    private static void col2im(Geometry g, CpuStorage cols, int width, int n0, int nb, int group, CpuStorage gradInput) {
        int plane = g.outputPlane();
        int cg = g.channelsPerGroup();
        int tapCount = g.kh * g.kw;
        int[] pixels = g.ow < MIN_RUN_WIDTH ? tapPixels(g) : null;
        Tap[] taps = pixels == null ? taps(g) : null;
        // one task per input channel: the rows of different channels touch disjoint pixels
        Parallel.forRange(cg, (long) tapCount * width, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                for (int tap = 0; tap < tapCount; tap++) {
                    int row = c * tapCount + tap;
                    for (int i = 0; i < nb; i++) {
                        int channelStart = ((n0 + i) * g.c + group * cg + c) * g.h * g.w;
                        int colBase = row * width + i * plane;
                        if (pixels != null) {
                            gradInput.scatterAddRun(cols, colBase, pixels, tap * plane, channelStart, plane);
                        } else {
                            addTapRows(g, taps[tap], cols, colBase, gradInput, channelStart);
                        }
                    }
                }
            }
        });
    }

    /** col2im for one tap of one channel of one sample, row run by row run. */
    private static void addTapRows(Geometry g, Tap t, CpuStorage cols, int colBase, CpuStorage gradInput, int channelStart) {
        int strideW = g.p.strideW();
        for (int oy = t.yFrom; oy < t.yTo; oy++) {
            int src = colBase + oy * g.ow;
            int dst = channelStart + t.inputRow(g, oy);
            if (strideW == 1) {
                gradInput.addRun(cols, src + t.xFrom, dst + t.xFrom, t.xTo - t.xFrom);
            } else {
                for (int ox = t.xFrom; ox < t.xTo; ox++) {
                    gradInput.add(dst + ox * strideW, cols.get(src + ox));
                }
            }
        }
    }

    /**
     * Moves one group's block of a multi-sample block between the GEMM layout [O/g, nb·P] in
     * {@code product} and the NCHW layout [N, O, P]: into NCHW when {@code toNchw}, out of it
     * otherwise. A single sample's GEMM works on NCHW directly ({@link #result}), so nothing moves.
     */
    private static void moveProduct(Geometry g, CpuStorage product, CpuStorage nchw, int n0, int nb, int group, boolean toNchw) {
        if (nb == 1) {
            return;
        }
        int plane = g.outputPlane();
        int og = g.outputsPerGroup();
        for (int o = 0; o < og; o++) {
            for (int i = 0; i < nb; i++) {
                int productAt = (o * nb + i) * plane;
                int nchwAt = ((n0 + i) * g.o + group * og + o) * plane;
                if (toNchw) {
                    nchw.copyRun(product, productAt, nchwAt, plane);
                } else {
                    product.copyRun(nchw, nchwAt, productAt, plane);
                }
            }
        }
    }
}
