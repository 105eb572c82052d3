package dev.lathe.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.engine.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a training run leaves behind, in one folder: {@code spec.json} (the spec as resolved, with
 * the command line's overrides), {@code metrics.jsonl} (one JSON object per epoch),
 * {@code plot.png} (loss and accuracy curves), and under {@code checkpoints/}: {@code last.safetensors}
 * and {@code best.safetensors} (model weights, loadable by PyTorch) and {@code resume.safetensors}
 * (weights, optimizer state and where the run stands). Every file is replaced atomically.
 */
public final class RunDirectory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final List<Map<String, Object>> epochs = new ArrayList<>();

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** Creates (or reuses) the folder and writes the resolved spec into it. */
    public static RunDirectory create(Path root, String resolvedSpec) {
        RunDirectory run = new RunDirectory(root);
        try {
            Files.createDirectories(run.checkpoints());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run folder " + root + ": " + e.getMessage(), e);
        }
        run.replace(root.resolve("spec.json"), resolvedSpec);
        return run;
    }

    public Path root() {
        return root;
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    public Path lastCheckpoint() {
        return checkpoints().resolve("last.safetensors");
    }

    public Path bestCheckpoint() {
        return checkpoints().resolve("best.safetensors");
    }

    public Path resumeCheckpoint() {
        return checkpoints().resolve("resume.safetensors");
    }

    public Path metricsFile() {
        return root.resolve("metrics.jsonl");
    }

    public Path plotFile() {
        return root.resolve("plot.png");
    }

    /** Keeps the metrics of the epochs up to {@code epochsDone} (a resumed run continues after them). */
    void keepEpochs(int epochsDone) {
        epochs.clear();
        Path file = metricsFile();
        if (!Files.exists(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    Map<String, Object> epoch = JSON.readValue(line, new TypeReference<Map<String, Object>>() { });
                    if (((Number) epoch.get("epoch")).intValue() <= epochsDone) {
                        epochs.add(epoch);
                    }
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read the metrics of the run being resumed: " + e.getMessage());
        }
        writeMetrics();
    }

    /** Appends one epoch's metrics and redraws the plot. */
    void recordEpoch(Map<String, Object> metrics) {
        epochs.add(metrics);
        writeMetrics();
        LossCurvePlot.write(epochs, plotFile());
    }

    private void writeMetrics() {
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> epoch : epochs) {
            text.append(toJson(epoch)).append('\n');
        }
        replace(metricsFile(), text.toString());
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void replace(Path file, String text) {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            Files.writeString(partial, text);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
