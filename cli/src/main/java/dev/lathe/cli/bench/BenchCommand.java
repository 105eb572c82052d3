package dev.lathe.cli.bench;

import dev.lathe.engine.Device;
import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.backend.Backends;
import dev.lathe.engine.cpu.CpuBackend;
import dev.lathe.engine.cpu.Parallel;
import dev.lathe.engine.cuda.CudaBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lathe bench}: F32 micro-benchmarks of the CPU backend (matrix products at 128, 512 and
 * 2048 square; the cnn-fashion convolutions at batch 32, forward and backward), or, given model
 * names, the training and inference throughput of the MODELS.md models on the CPU or a GPU; printed
 * as a table or as JSON. {@code bench/pytorch_micro.py} and {@code bench/pytorch_models.py} measure the same cases
 * the same way in PyTorch.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Without MODEL: runs F32 micro-benchmarks of the CPU backend and prints time per call and GFLOP/s: "
                + "matmul at 128, 512 and 2048 square, and the three cnn-fashion convolutions at batch 32 "
                + "(forward, backward-data, backward-filter, forward+backward).",
            "With MODEL names (or all): prints each model's training samples/s (the trainer's step: forward, loss, "
                + "backward, optimizer step) and inference samples/s (evaluation mode, no gradients), on one random "
                + "batch of the spec's batch size made up front. The models are the examples/ specs; bert-tiny runs "
                + "sequences of 64 tokens, and bert-small is bert-tiny at hidden 256, 4 layers, 4 heads, FFN 1024, "
                + "128 tokens, batch 16 (the sizes MODELS.md quotes PyTorch figures for). With --device cuda[:N] the "
                + "models, their batch and every step run on that GPU.",
            "Every case: untimed warm-up first, then timed calls until --min-time-ms and --min-reps are both met. "
                + "Same cases and method as bench/pytorch_micro.py and bench/pytorch_models.py; see docs/benchmarks.md."})
public final class BenchCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL", arity = "0..*", completionCandidates = ModelNames.class,
            description = "Models to measure instead of the micro-benchmarks: ${COMPLETION-CANDIDATES}; or all for every one.")
    List<String> models = new ArrayList<>();

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
            description = "Where the models run: cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}); the micro-benchmarks "
                    + "measure the CPU backend only.")
    String device;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads for CPU kernels and OpenBLAS (default: all cores).")
    Integer threads;

    @Option(names = "--json", description = "Print the results as one JSON object instead of a table.")
    boolean json;

    @Option(names = "--stdin", description = "Read model names from standard input instead, one a line, and answer each "
            + "as it is measured with one line: the JSON object --json prints for that model alone. bench/compare-pytorch "
            + "uses it to measure Lathe and PyTorch model by model, each right after the other.")
    boolean stdin;

    @Option(names = "--filter", paramLabel = "TEXT",
            description = "Run only the micro-benchmarks matching every comma-separated word of TEXT, each equal to a word "
                    + "of the op or shape: e.g. matmul; matmul,512; conv2; conv2,fwd+bwd; bwd_filter.")
    String filter;

    @Option(names = "--min-time-ms", paramLabel = "MS", defaultValue = "1000",
            description = "Timed work per case (a model's training or inference), at least (default: ${DEFAULT-VALUE}).")
    long minTimeMs;

    @Option(names = "--min-reps", paramLabel = "N", defaultValue = "5",
            description = "Timed calls per case, at least (default: ${DEFAULT-VALUE}).")
    int minReps;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "3",
            description = "Untimed calls per case, at least (default: ${DEFAULT-VALUE}); warm-up also lasts "
                    + "a quarter of --min-time-ms, and until the JIT compiler has settled (under a tenth of "
                    + "the last half second spent compiling), at most 8 times --min-time-ms.")
    int warmup;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (threads != null) {
            if (threads < 1) {
                throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
            }
            Parallel.setThreads(threads);
        }
        Timing.Settings settings = new Timing.Settings(Math.max(0, warmup), Math.max(1, minReps), 10_000, Math.max(0, minTimeMs));
        Device target = Device.parse(device);
        if (stdin) {
            if (!models.isEmpty() || filter != null) {
                throw new ParameterException(spec.commandLine(), "--stdin reads the model names from standard input: "
                        + "give no MODEL and no --filter");
            }
            Backend backend = Backends.of(target);
            answerModelsFromStdin(backend, settings, out);
            return 0;
        }
        if (!models.isEmpty()) {
            List<String> selected = selectedModels();
            Backend backend = Backends.of(target); // fails here, naming what is missing, before anything runs
            benchModels(selected, backend, settings, out);
            return 0;
        }
        if (target.kind() != Device.Kind.CPU) {
            throw new ParameterException(spec.commandLine(), "--device " + device + " applies to model benchmarks; "
                    + "the micro-benchmarks measure the CPU backend");
        }
        MicroBenchmarks bench = new MicroBenchmarks(settings);
        List<MicroBenchmarks.Result> results;
        if (json) {
            results = bench.runAll(filter, r -> { });
            out.println(toJson(results));
            out.flush();
        } else {
            out.println(environmentLine(Backends.cpu()));
            out.println(header());
            results = bench.runAll(filter, r -> {
                out.println(row(r));
                out.flush();
            });
        }
        if (results.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--filter " + filter + " selects no benchmark");
        }
        return 0;
    }

    /** The MODEL arguments with all expanded, checked before anything runs. */
    private List<String> selectedModels() {
        if (filter != null) {
            throw new ParameterException(spec.commandLine(), "--filter selects micro-benchmarks and does not apply to models");
        }
        List<String> known = BenchModels.names();
        List<String> selected = new ArrayList<>();
        for (String name : models) {
            if (name.equals("all")) {
                selected.addAll(known);
            } else if (known.contains(name)) {
                selected.add(name);
            } else {
                throw unknownModel(name, "", ", or all");
            }
        }
        return selected;
    }

    /** Bad usage naming a model {@code where} (after the name) that is not one of the bench models, which it lists. */
    private ParameterException unknownModel(String name, String where, String orAll) {
        return new ParameterException(spec.commandLine(), "unknown model '" + name + "'" + where + ": choose from "
                + String.join(", ", BenchModels.names()) + orAll);
    }

    /** One JSON line per model name read, each printed as soon as it is measured. */
    private void answerModelsFromStdin(Backend backend, Timing.Settings settings, PrintWriter out) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<String> known = BenchModels.names();
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String name = line.strip();
                if (name.isEmpty()) {
                    continue;
                }
                if (!known.contains(name)) {
                    throw unknownModel(name, " on standard input", "");
                }
                out.println(ModelReport.json(jsonEnvironment(backend), List.of(ModelBenchmark.run(name, backend, settings))));
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading model names from standard input", e);
        }
    }

    private void benchModels(List<String> names, Backend backend, Timing.Settings settings, PrintWriter out) {
        if (json) {
            List<ModelBenchmark.Result> results = new ArrayList<>();
            names.forEach(name -> results.add(ModelBenchmark.run(name, backend, settings)));
            out.println(ModelReport.json(jsonEnvironment(backend), results));
        } else {
            out.println(environmentLine(backend));
            out.println(ModelReport.header());
            for (String name : names) {
                out.println(ModelReport.row(ModelBenchmark.run(name, backend, settings)));
                out.flush();
            }
        }
        out.flush();
    }

    private static String environmentLine(Backend backend) {
        String where = backend instanceof CudaBackend cuda ? backend.device() + " (" + cuda.describe() + ")" : "CPU";
        return "lathe bench: " + where + ", F32, " + Parallel.threads() + " thread(s), " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", BLAS: " + blasConfig();
    }

    /**
     * The fields that open every JSON result: framework, device (cpu or cuda:N), for a GPU its
     * description (name, memory, compute capability, driver, cuBLAS and cuDNN), dtype, threads,
     * java and blas.
     */
    private static String jsonEnvironment(Backend backend) {
        String gpu = backend instanceof CudaBackend cuda ? ",\"device_name\":" + quote(cuda.describe()) : "";
        return "\"framework\":\"lathe\",\"device\":" + quote(backend.device().toString()) + gpu
                + ",\"dtype\":\"F32\",\"threads\":" + Parallel.threads()
                + ",\"java\":" + quote(System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
                + ",\"blas\":" + quote(blasConfig());
    }

    private static final String ROW = "%-18s %-52s %6s %10s %10s %10s %10s";

    static String header() {
        String h = String.format(Locale.ROOT, ROW, "op", "shape", "reps", "best ms", "median ms", "GFLOP/s", "GFLOP/s");
        String h2 = String.format(Locale.ROOT, ROW, "", "", "", "", "", "(best)", "(median)");
        return h + System.lineSeparator() + h2 + System.lineSeparator() + "-".repeat(h.length());
    }

    static String row(MicroBenchmarks.Result r) {
        return String.format(Locale.ROOT, ROW, r.op(), r.shape(), r.reps(),
                String.format(Locale.ROOT, "%.3f", r.bestMs()), String.format(Locale.ROOT, "%.3f", r.medianMs()),
                String.format(Locale.ROOT, "%.1f", r.bestGflops()), String.format(Locale.ROOT, "%.1f", r.medianGflops()));
    }

    String toJson(List<MicroBenchmarks.Result> results) {
        StringBuilder sb = new StringBuilder("{").append(jsonEnvironment(Backends.cpu()));
        sb.append(",\"results\":[");
        List<String> rows = new ArrayList<>();
        for (MicroBenchmarks.Result r : results) {
            rows.add(String.format(Locale.ROOT,
                    "{\"op\":%s,\"shape\":%s,\"flops\":%.0f,\"reps\":%d,\"best_ms\":%.4f,\"median_ms\":%.4f,"
                            + "\"gflops_best\":%.2f,\"gflops_median\":%.2f}",
                    quote(r.op()), quote(r.shape()), r.flops(), r.reps(), r.bestMs(), r.medianMs(),
                    r.bestGflops(), r.medianGflops()));
        }
        sb.append(String.join(",", rows)).append("]}");
        return sb.toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** The model names, for picocli's help and completion. */
    static final class ModelNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return BenchModels.names().iterator();
        }
    }

    /**
     * The OpenBLAS release the engine's JavaCPP binding was built from, read reflectively so
     * that the CLI does not compile against the engine's BLAS binding, and whether GEMMs read the
     * operands in place.
     */
    static String blasConfig() {
        try {
            Class<?> openblas = Class.forName("org.bytedeco.openblas.global.openblas_nolapack");
            return String.valueOf(openblas.getField("OPENBLAS_VERSION").get(null)).trim() + " (JavaCPP openblas_nolapack), operands "
                    + CpuBackend.gemmOperands();
        } catch (ReflectiveOperationException | LinkageError e) {
            return "unknown (" + e.getClass().getSimpleName() + ")";
        }
    }
}
