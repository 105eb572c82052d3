package dev.lathe.cli.train;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.train.Predictions;
import dev.lathe.train.Trainer;
import dev.lathe.train.data.ArrayDataset;
import dev.lathe.train.data.IdxReader;
import dev.lathe.train.data.NdArray;
import dev.lathe.train.data.NpyReader;
import dev.lathe.train.data.NpyWriter;
import dev.lathe.train.data.TextCorpus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lathe predict SPEC --checkpoint FILE}: the model's predictions for new inputs (an NPY or
 * IDX file of samples, or texts one per line, '-' for standard input) or, without --input, for
 * the spec's test data, where the accuracy is reported too.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict with a checkpoint: for an --input file (.npy, IDX, or text one per line; '-' reads standard input),",
            "or for the spec's test data. Prints one line per sample (index, class, probability) or writes --output (.npy)."})
public final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOptions model;

    @Option(names = "--input", paramLabel = "FILE", description = "Samples to predict: .npy, IDX (.gz), or .txt with one text per line ('-': standard input).")
    String input;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the outputs (probabilities) as a float32 .npy file instead of printing them.")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Session session = model.open()) {
            ArrayDataset samples = input == null ? EvalCommand.pick(session, "test") : read(session, input);
            try (Trainer trainer = new Trainer(session.model, session.settings, session.classCount())) {
                Predictions predictions = trainer.predict(samples);
                if (output != null) {
                    int[] shape = new int[predictions.outputShape().length + 1];
                    shape[0] = predictions.size();
                    System.arraycopy(predictions.outputShape(), 0, shape, 1, shape.length - 1);
                    NpyWriter.write(output, predictions.values(), shape);
                } else {
                    print(out, predictions, session.data.train().classNames());
                }
                if (input == null && predictions.classes() != null) {
                    int[] truth = samples.labels();
                    long correct = 0;
                    for (int i = 0; i < truth.length; i++) {
                        correct += truth[i] == predictions.classes()[i] ? 1 : 0;
                    }
                    spec.commandLine().getErr().printf(Locale.ROOT, "accuracy %.4f on %d test samples%n", (double) correct / truth.length, truth.length);
                    spec.commandLine().getErr().flush();
                }
            }
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, Predictions p, List<String> classNames) {
        int n = p.size();
        int per = p.values().length / Math.max(1, n);
        for (int i = 0; i < n; i++) {
            if (p.classes() == null) {
                out.println(i + "\t" + Arrays.toString(Arrays.copyOfRange(p.values(), i * per, (i + 1) * per)));
                continue;
            }
            int c = p.classes()[i];
            // one output: the probability of class 1; several: that of the predicted class
            double probability = per == 1 ? (c == 1 ? p.values()[i] : 1 - p.values()[i]) : p.values()[i * per + c];
            out.printf(Locale.ROOT, "%d\t%s\t%.4f%n", i, classNames == null ? Integer.toString(c) : classNames.get(c), probability);
        }
    }

    private static ArrayDataset read(Session session, String input) throws IOException {
        List<String> classes = session.data.train().classNames();
        if (session.data.encoder() != null) {
            List<String> texts = input.equals("-") ? lines(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
                    : lines(Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8));
            return session.data.encoder().encode(new TextCorpus(texts, null, new int[texts.size()], classes));
        }
        Path file = Path.of(input);
        NdArray array = file.toString().endsWith(".npy") ? NpyReader.read(file) : IdxReader.read(file);
        int[] sample = session.model.spec().input().shape();
        int[] shape = array.shape();
        int n = shape[0];
        if (array.size() != (long) n * dev.lathe.engine.Shapes.numel(sample)) {
            throw new InvalidInputException(file + ": holds [" + dev.lathe.engine.Shapes.format(shape) + "], but the model takes samples of ["
                    + dev.lathe.engine.Shapes.format(sample) + "]");
        }
        Double scale = session.model.spec().training().data() == null ? null : session.model.spec().training().data().scale();
        float[] features = array.toFloats(scale == null ? 1 : scale.floatValue());
        return ArrayDataset.ofClasses(features, sample, new int[n], classes == null ? List.of("0") : classes);
    }

    private static List<String> lines(BufferedReader reader) throws IOException {
        List<String> texts = new ArrayList<>();
        try (reader) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank()) {
                    texts.add(line);
                }
            }
        }
        if (texts.isEmpty()) {
            throw new InvalidInputException("no text to predict: the input is empty");
        }
        return texts;
    }
}
