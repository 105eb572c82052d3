package dev.lathe.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code lathe bench MODEL…} results as table rows or as one JSON object. */
final class ModelReport {

    private static final String ROW = "%-12s %6s %14s %14s %12s %12s  %s";

    private ModelReport() {
    }

    static String header() {
        String h = String.format(Locale.ROOT, ROW, "model", "batch", "train", "inference", "train ms", "inference ms", "input");
        String h2 = String.format(Locale.ROOT, ROW, "", "", "samples/s", "samples/s", "(median)", "(median)", "");
        return h.stripTrailing() + System.lineSeparator() + h2.stripTrailing() + System.lineSeparator() + "-".repeat(h.length());
    }

    static String row(ModelBenchmark.Result r) {
        return String.format(Locale.ROOT, ROW, r.model(), r.batch(),
                String.format(Locale.ROOT, "%,.1f", r.trainSamplesPerSecond()),
                String.format(Locale.ROOT, "%,.1f", r.inferenceSamplesPerSecond()),
                String.format(Locale.ROOT, "%.3f", r.train().medianMs()),
                String.format(Locale.ROOT, "%.3f", r.inference().medianMs()), shape(r.inputShape()));
    }

    /** {@code environment}: the JSON fields describing the run, which open the object. */
    static String json(String environment, List<ModelBenchmark.Result> results) {
        List<String> rows = new ArrayList<>();
        for (ModelBenchmark.Result r : results) {
            rows.add(String.format(Locale.ROOT,
                    "{\"model\":%s,\"batch\":%d,\"input_shape\":%s,\"train_samples_per_s\":%.3f,\"inference_samples_per_s\":%.3f,"
                            + "\"train_ms_median\":%.4f,\"train_ms_best\":%.4f,\"train_reps\":%d,"
                            + "\"inference_ms_median\":%.4f,\"inference_ms_best\":%.4f,\"inference_reps\":%d}",
                    BenchCommand.quote(r.model()), r.batch(), shape(r.inputShape()), r.trainSamplesPerSecond(),
                    r.inferenceSamplesPerSecond(), r.train().medianMs(), r.train().bestMs(), r.train().reps(),
                    r.inference().medianMs(), r.inference().bestMs(), r.inference().reps()));
        }
        return "{" + environment + ",\"models\":[" + String.join(",", rows) + "]}";
    }

    private static String shape(int[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return sb.append(']').toString();
    }
}
