package dev.lathe.cli.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.train.ClassificationMetrics;
import dev.lathe.train.Evaluation;
import dev.lathe.train.Trainer;
import dev.lathe.train.data.ArrayDataset;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lathe eval SPEC --checkpoint FILE}: loss, accuracy, macro precision/recall/F1 and the confusion matrix on the spec's data. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a checkpoint of a spec's model on the spec's test (or training) data.")
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOptions model;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT", description = "test or train (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--json", description = "Print the metrics as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Session session = model.open()) {
            ArrayDataset data = pick(session, split);
            try (Trainer trainer = new Trainer(session.model, session.settings, session.classCount())) {
                Evaluation result = trainer.evaluate(data);
                Map<String, Object> metrics = new LinkedHashMap<>();
                metrics.put("samples", result.samples());
                metrics.putAll(result.toMap(""));
                if (json) {
                    if (result.classification() != null) {
                        metrics.put("confusion_matrix", result.classification().confusionMatrix());
                    }
                    out.println(new ObjectMapper().writeValueAsString(metrics));
                } else {
                    metrics.forEach((k, v) -> out.printf("%-10s %s%n", k, v instanceof Double d ? String.format("%.4f", d) : v));
                    if (result.classification() != null) {
                        printConfusion(out, result.classification(), data.classNames());
                    }
                }
            }
        }
        out.flush();
        return 0;
    }

    static ArrayDataset pick(Session session, String split) {
        return switch (split) {
            case "test" -> {
                if (session.data.test() == null) {
                    throw new InvalidInputException("the spec's data has no test part; use --split train or add data.test");
                }
                yield session.data.test();
            }
            case "train" -> session.data.train();
            default -> throw new InvalidInputException("--split must be test or train, got '" + split + "'");
        };
    }

    private static void printConfusion(PrintWriter out, ClassificationMetrics metrics, List<String> names) {
        long[][] matrix = metrics.confusionMatrix();
        out.println("confusion matrix (rows: true class, columns: predicted)");
        for (int c = 0; c < matrix.length; c++) {
            StringBuilder row = new StringBuilder(String.format("%-14.14s", c < names.size() ? names.get(c) : Integer.toString(c)));
            for (long v : matrix[c]) {
                row.append(String.format(" %6d", v));
            }
            out.println(row);
        }
    }
}
