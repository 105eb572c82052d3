package dev.lathe.cli;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Storage;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.autograd.GradMode;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Indexing;
import dev.lathe.engine.ops.LinearAlgebra;
import dev.lathe.engine.ops.Reductions;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lathe demo}: trains mlp-tiny (Linear 2→3, ReLU, Linear 3→1; 13 parameters) on a seeded
 * synthetic regression with MSE and plain SGD, written directly against the engine (tensors,
 * autograd, one {@link MemoryScope} per step). It stands in for {@code lathe train} until the
 * layers and train modules exist, and succeeds only if the loss falls.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Trains the 13-parameter mlp-tiny on a seeded synthetic regression (until 'train' exists).",
            "",
            "Model: Linear 2->3, ReLU, Linear 3->1, initialised as PyTorch's nn.Linear. Data: y = 0.5*x0 - 1.2*x1 + 0.3 "
                + "+ noise, x uniform in [-1, 1], noise N(0, 0.1^2), all drawn from the seed. MSE loss, plain SGD, "
                + "shuffled mini-batches; prints the mean loss of each epoch.",
            "Exits 0 if the last epoch's loss is below the first's, else 1."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "20", description = "Epochs, at least 2 (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.01", description = "SGD learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "Samples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1024", description = "Size of the synthetic data set (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the initialisation, the data and the shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        Generator generator = new Generator(seed);

        // PyTorch's nn.Linear initialisation: weight and bias uniform in ±1/sqrt(fan_in); weight is [out, in]
        Tensor w1 = uniformParameter(generator, 2, 3, 2);
        Tensor b1 = uniformParameter(generator, 2, 3);
        Tensor w2 = uniformParameter(generator, 3, 1, 3);
        Tensor b2 = uniformParameter(generator, 3, 1);
        List<Tensor> parameters = List.of(w1, b1, w2, b2);
        int parameterCount = parameters.stream().mapToInt(Tensor::numel).sum();

        try (Tensor x = Tensors.uniform(-1, 1, DType.F32, Device.CPU, generator, samples, 2);
             Tensor y = targets(x, generator)) {
            out.printf(Locale.ROOT, "mlp-tiny: Linear 2->3, ReLU, Linear 3->1 (%d parameters); %d samples (seed %d); "
                    + "MSE, SGD lr %s, batch %d%n", parameterCount, samples, seed, lr, batchSize);
            long liveBefore = Storage.liveCount();
            int[] order = new int[samples];
            for (int i = 0; i < samples; i++) {
                order[i] = i;
            }
            double first = Double.NaN;
            double last = Double.NaN;
            for (int epoch = 1; epoch <= epochs; epoch++) {
                shuffle(order, generator);
                double total = 0;
                for (int start = 0; start < samples; start += batchSize) {
                    int size = Math.min(batchSize, samples - start);
                    int[] rows = new int[size];
                    System.arraycopy(order, start, rows, 0, size);
                    total += step(x, y, rows, w1, b1, w2, b2) * size;
                }
                last = total / samples;
                if (epoch == 1) {
                    first = last;
                }
                out.printf(Locale.ROOT, "epoch %3d/%d  loss %.6f%n", epoch, epochs, last);
                out.flush();
            }
            long liveAfter = Storage.liveCount();
            out.printf(Locale.ROOT, "live storages: %d before training, %d after%n", liveBefore, liveAfter);
            if (!(last < first)) {
                spec.commandLine().getErr().printf(Locale.ROOT, "%s: error: the loss did not fall (first epoch %.6f, last %.6f)%n",
                        spec.qualifiedName(), first, last);
                return 1;
            }
            out.printf(Locale.ROOT, "loss fell from %.6f to %.6f%n", first, last);
            return 0;
        } finally {
            parameters.forEach(Tensor::close);
        }
    }

    /** One SGD step on the given rows; returns the batch's mean loss. Every intermediate dies with the scope. */
    private double step(Tensor x, Tensor y, int[] rows, Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor index = Tensors.of(rows, rows.length);
            Tensor bx = Indexing.indexSelect(x, 0, index);
            Tensor by = Indexing.indexSelect(y, 0, index);

            Tensor hidden = Elementwise.relu(Elementwise.add(LinearAlgebra.matmul(bx, w1.transpose(0, 1)), b1));
            Tensor prediction = Elementwise.add(LinearAlgebra.matmul(hidden, w2.transpose(0, 1)), b2);
            Tensor diff = Elementwise.sub(prediction, by);
            Tensor loss = Reductions.meanAll(Elementwise.mul(diff, diff));
            loss.backward();
            double value = loss.item();

            try (GradMode.Restore off = GradMode.noGrad()) {
                for (Tensor p : List.of(w1, b1, w2, b2)) {
                    Tensor g = p.grad();
                    Tensor updated = Elementwise.sub(p, Elementwise.mul(g, Tensors.scalarLike(g, lr)));
                    p.backend().copy(updated, p);
                    p.setGrad(null);
                }
            }
            return value;
        }
    }

    /** y = 0.5*x0 - 1.2*x1 + 0.3 + N(0, 0.1^2), as [samples, 1]. */
    private Tensor targets(Tensor x, Generator generator) {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor coefficients = Tensors.of(new float[] {0.5f, -1.2f}, 2, 1);
            Tensor noise = Tensors.normal(0, 0.1, DType.F32, Device.CPU, generator, samples, 1);
            Tensor y = Elementwise.add(LinearAlgebra.matmul(x, coefficients).add(0.3), noise);
            return MemoryScope.keep(y);
        }
    }

    private static Tensor uniformParameter(Generator generator, int fanIn, int... shape) {
        double bound = 1 / Math.sqrt(fanIn);
        return Tensors.uniform(-bound, bound, DType.F32, Device.CPU, generator, shape).requiresGrad(true);
    }

    private static void shuffle(int[] order, Generator generator) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = generator.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private void validate() {
        if (epochs < 2) {
            throw new ParameterException(spec.commandLine(), "--epochs must be at least 2 to compare the first and last loss, got " + epochs);
        }
        if (samples < 1 || batchSize < 1) {
            throw new ParameterException(spec.commandLine(), "--samples and --batch-size must be positive");
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new ParameterException(spec.commandLine(), "--lr must be a positive number, got " + lr);
        }
    }
}
