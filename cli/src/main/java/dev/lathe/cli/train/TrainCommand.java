package dev.lathe.cli.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.train.Evaluation;
import dev.lathe.train.PretrainedWeights;
import dev.lathe.train.RunDirectory;
import dev.lathe.train.Trainer;
import dev.lathe.train.TrainingSettings;
import dev.lathe.train.data.ArrayDataset;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lathe train SPEC}: trains the spec's model on its data, writing a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the model of a spec on its data, evaluating on the validation and test data.",
            "Writes a run folder: spec.json, metrics.jsonl, plot.png and checkpoints/ (last, best, resume)."})
public final class TrainCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SPEC", description = "The model spec (JSON), e.g. examples/mlp-fashion.json.")
    Path specFile;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--epochs", paramLabel = "N", description = "Train for N epochs (default: the spec's).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Batch size (default: the spec's).")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: the spec's).")
    Double lr;

    @Option(names = "--out", paramLabel = "DIR", description = "The run folder (default: runs/<spec name>-<date-time>; a resumed run goes on in its own).")
    Path outFolder;

    @Option(names = "--resume", paramLabel = "RUN", description = "Go on from a run folder (or its checkpoints/resume.safetensors) after its last finished epoch.")
    Path resume;

    @Option(names = "--init-from", paramLabel = "WEIGHTS", description = "Initialise matching weights from a safetensors file (e.g. a Hugging Face model.safetensors).")
    Path initFrom;

    @Option(names = "--json", description = "Print the final metrics as one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Session session = Session.open(specFile, dataOptions, dataOptions.installData)) {
            TrainingSettings settings = overridden(session.settings);
            ArrayDataset all = session.data.train();
            int cut = (int) Math.round(all.size() * (1 - settings.validationSplit()));
            // Keras's validation_split: the last share of the training data, taken before any shuffling
            ArrayDataset train = settings.validationSplit() > 0 ? all.range(0, cut) : all;
            ArrayDataset validation = settings.validationSplit() > 0 ? all.range(cut, all.size()) : null;
            Path resumeFile = resume == null ? null : Files.isDirectory(resume) ? resume.resolve("checkpoints/resume.safetensors") : resume;
            Path runFolder = outFolder != null ? outFolder : resumeFile != null ? resumeFile.toAbsolutePath().getParent().getParent()
                    : Path.of("runs", session.model.spec().name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            RunDirectory run = RunDirectory.create(runFolder, resolvedSpec(session, settings));
            ProgressRenderer progress = new ProgressRenderer(json ? new PrintWriter(System.err, true) : out, System.console() != null);
            try (Trainer trainer = new Trainer(session.model, settings, session.classCount())) {
                Path weights = initFrom != null ? initFrom : initFromSpec(session);
                if (weights != null && resumeFile == null) {
                    progress.message(PretrainedWeights.load(session.model.network(), weights));
                }
                if (resumeFile != null) {
                    trainer.resumeFrom(resumeFile);
                    progress.message("resuming " + resumeFile + " after epoch " + trainer.epochsDone());
                }
                progress.message("training " + session.model.spec().name() + " (" + String.format("%,d", session.model.network().parameterCount())
                        + " parameters) on " + train.size() + " samples" + (validation == null ? "" : ", validating on " + validation.size())
                        + ", device " + settings.device() + "; run folder " + run.root());
                List<Map<String, Object>> history = trainer.fit(train, validation, run, progress);
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("model", session.model.spec().name());
                result.put("run", run.root().toString());
                result.put("epochs", trainer.epochsDone());
                if (!history.isEmpty()) {
                    result.putAll(history.get(history.size() - 1));
                    result.remove("epoch");
                }
                if (session.data.test() != null) {
                    Evaluation test = trainer.evaluate(session.data.test());
                    result.putAll(test.toMap("test_"));
                }
                report(out, result);
            }
        }
        return 0;
    }

    private void report(PrintWriter out, Map<String, Object> result) throws Exception {
        if (json) {
            out.println(JSON.writeValueAsString(result));
        } else {
            StringBuilder line = new StringBuilder("finished:");
            result.forEach((k, v) -> line.append(' ').append(k).append(' ').append(v instanceof Double d ? String.format("%.4f", d) : v));
            out.println(line);
        }
        out.flush();
    }

    private TrainingSettings overridden(TrainingSettings settings) {
        TrainingSettings s = settings;
        if (epochs != null) {
            s = s.withEpochs(epochs);
        }
        if (batchSize != null) {
            s = s.withBatchSize(batchSize);
        }
        if (lr != null) {
            s = s.withLearningRate(lr);
        }
        return s;
    }

    private Path initFromSpec(Session session) {
        String file = session.model.spec().training().initFrom();
        return file == null ? null : session.specFile.toAbsolutePath().getParent().resolve(file);
    }

    /** The spec with the command line's overrides written into it, as the run used it. */
    private String resolvedSpec(Session session, TrainingSettings settings) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(session.model.specText());
        root.put("seed", settings.seed());
        ObjectNode training = (ObjectNode) root.get("training");
        training.put("epochs", settings.epochs());
        training.put("batch_size", settings.batchSize());
        ((ObjectNode) training.get("optimizer")).put("lr", settings.learningRate());
        if (dataOptions.data != null) {
            ((ObjectNode) training.get("data")).put("train", dataOptions.data.toAbsolutePath().toString());
        }
        if (training.get("data") == null) {
            throw new InvalidInputException(specFile + ": training.data is required to train");
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }
}
