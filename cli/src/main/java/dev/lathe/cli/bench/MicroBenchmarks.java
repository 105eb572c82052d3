package dev.lathe.cli.bench;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.backend.Backends;
import dev.lathe.engine.backend.Conv2dParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * F32 micro-benchmarks of the CPU backend's compute-bound primitives: square matrix products
 * and the three convolutions of the {@code cnn-fashion} model (batch 32), forward and backward.
 *
 * <p>Each case is timed as {@link Timing} describes, as {@code bench/pytorch_micro.py} does.
 * Reported: the best and the median time per call, and GFLOP/s from each. FLOPs count useful multiply-adds as 2: {@code 2*m*n*k}
 * for a matrix product, {@code 2*N*O*OH*OW*C*kh*kw} for one convolution pass; each backward
 * pass (data or filter) counts the same as the forward pass.
 */
public final class MicroBenchmarks {

    /** One measured case. */
    public record Result(String op, String shape, double flops, int reps, double bestMs, double medianMs) {

        public double bestGflops() {
            return flops / (bestMs * 1e6);
        }

        public double medianGflops() {
            return flops / (medianMs * 1e6);
        }
    }

    /** A convolution layer of cnn-fashion: input [n, c, h, w], weight [o, c, k, k], stride 1, no padding. */
    public record ConvShape(String name, int n, int c, int h, int w, int o, int k) {

        int outH() {
            return h - k + 1;
        }

        int outW() {
            return w - k + 1;
        }

        /** FLOPs of one pass (forward, backward-data or backward-filter). */
        double passFlops() {
            return 2.0 * n * o * outH() * outW() * c * k * k;
        }

        String describe() {
            return String.format(Locale.ROOT, "x[%d,%d,%d,%d] w[%d,%d,%d,%d] -> [%d,%d,%d,%d]",
                    n, c, h, w, o, c, k, k, n, o, outH(), outW());
        }
    }

    /** Matrix sizes (square) measured by default. */
    public static final int[] MATMUL_SIZES = {128, 512, 2048};

    /** The convolutions of cnn-fashion (../shared/MODELS.md) at batch 32. */
    public static final List<ConvShape> CNN_FASHION_CONVS = List.of(
            new ConvShape("conv1", 32, 1, 28, 28, 32, 3),
            new ConvShape("conv2", 32, 32, 13, 13, 64, 3),
            new ConvShape("conv3", 32, 64, 5, 5, 64, 3));

    private static final long SEED = 1234;

    private final Backend backend;
    private final Timing.Settings settings;

    public MicroBenchmarks(Timing.Settings settings) {
        this(Backends.cpu(), settings);
    }

    public MicroBenchmarks(Backend backend, Timing.Settings settings) {
        this.backend = backend;
        this.settings = settings;
    }

    /**
     * Runs every case that {@code filter} selects (all when null; see {@link #matches}),
     * handing each result to {@code sink} as it completes, and returns them all.
     */
    public List<Result> runAll(String filter, Consumer<Result> sink) {
        List<Result> results = new ArrayList<>();
        Consumer<Result> collect = r -> {
            results.add(r);
            sink.accept(r);
        };
        for (int size : MATMUL_SIZES) {
            if (matches(filter, "matmul", matmulShape(size, size, size))) {
                collect.accept(matmul(size, size, size));
            }
        }
        for (ConvShape s : CNN_FASHION_CONVS) {
            convolution(s, filter, collect);
        }
        return results;
    }

    /**
     * Whether a case is selected: {@code filter} is a comma-separated list of words, and every
     * one must equal a word of the case's op and shape, split at spaces and {@code . [ ] @ , - >}
     * (so {@code conv2} selects the layer conv2 but not the op conv2d; {@code matmul,512} one case).
     */
    static boolean matches(String filter, String op, String shape) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        List<String> words = Arrays.asList((op + " " + shape).split("[\\s.\\[\\]@,>-]+"));
        for (String wanted : filter.split(",")) {
            if (!wanted.isBlank() && !words.contains(wanted.strip())) {
                return false;
            }
        }
        return true;
    }

    /** {@code [m,k] @ [k,n]} in F32. */
    public Result matmul(int m, int n, int k) {
        Generator g = new Generator(SEED);
        try (Tensor a = Tensors.uniform(-1, 1, DType.F32, Device.CPU, g, m, k);
             Tensor b = Tensors.uniform(-1, 1, DType.F32, Device.CPU, g, k, n)) {
            return measure("matmul", matmulShape(m, n, k), 2.0 * m * n * k, () -> backend.matmul(a, b).close());
        }
    }

    static String matmulShape(int m, int n, int k) {
        return "[" + m + "," + k + "]@[" + k + "," + n + "]";
    }

    /** Forward, backward-data, backward-filter and forward+backward of one convolution layer. */
    public void convolution(ConvShape s, String filter, Consumer<Result> sink) {
        Conv2dParams p = Conv2dParams.of(1, 0);
        int[] inputShape = {s.n, s.c, s.h, s.w};
        int[] weightShape = {s.o, s.c, s.k, s.k};
        String shape = s.name + " " + s.describe();
        double pass = s.passFlops();
        Generator g = new Generator(SEED);
        try (Tensor x = Tensors.uniform(-1, 1, DType.F32, Device.CPU, g, inputShape);
             Tensor w = Tensors.uniform(-0.3, 0.3, DType.F32, Device.CPU, g, weightShape);
             Tensor gy = Tensors.uniform(-1, 1, DType.F32, Device.CPU, g, s.n, s.o, s.outH(), s.outW())) {
            if (matches(filter, "conv2d.fwd", shape)) {
                sink.accept(measure("conv2d.fwd", shape, pass, () -> backend.conv2d(x, w, p).close()));
            }
            if (matches(filter, "conv2d.bwd_data", shape)) {
                sink.accept(measure("conv2d.bwd_data", shape, pass,
                        () -> backend.conv2dBackwardData(gy, w, inputShape, p).close()));
            }
            if (matches(filter, "conv2d.bwd_filter", shape)) {
                sink.accept(measure("conv2d.bwd_filter", shape, pass,
                        () -> backend.conv2dBackwardFilter(x, gy, weightShape, p).close()));
            }
            if (matches(filter, "conv2d.fwd+bwd", shape)) {
                sink.accept(measure("conv2d.fwd+bwd", shape, 3 * pass, () -> {
                    backend.conv2d(x, w, p).close();
                    backend.conv2dBackwardData(gy, w, inputShape, p).close();
                    backend.conv2dBackwardFilter(x, gy, weightShape, p).close();
                }));
            }
        }
    }

    /** Times {@code body} as {@link Timing} does. */
    public Result measure(String op, String shape, double flops, Runnable body) {
        Timing.Times times = Timing.measure(settings, body);
        return new Result(op, shape, flops, times.reps(), times.bestMs(), times.medianMs());
    }
}
