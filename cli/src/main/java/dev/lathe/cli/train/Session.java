package dev.lathe.cli.train;

import dev.lathe.engine.Device;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.backend.Backends;
import dev.lathe.layers.spec.DataSpec;
import dev.lathe.layers.spec.Model;
import dev.lathe.layers.spec.ModelBuilder;
import dev.lathe.train.DataSources;
import dev.lathe.train.TrainingSettings;
import java.nio.file.Path;

/**
 * What train, eval and predict share: the model built from a spec, its training settings with the
 * command line's overrides, and the spec's data (train and test sets), on the chosen device.
 */
final class Session implements AutoCloseable {

    final Path specFile;
    final Model model;
    final TrainingSettings settings;
    final DataSources.Loaded data;

    private Session(Path specFile, Model model, TrainingSettings settings, DataSources.Loaded data) {
        this.specFile = specFile;
        this.model = model;
        this.settings = settings;
        this.data = data;
    }

    static Session open(Path specFile, DataOptions options, boolean installData) {
        Model model = ModelBuilder.build(specFile, options.seed);
        try {
            TrainingSettings settings = TrainingSettings.from(model.spec().training(),
                    options.seed != null ? options.seed : model.spec().seedOrDefault());
            Device device = Device.parse(options.device);
            Backends.of(device); // fails here, naming what is missing, rather than at the first op
            settings = settings.withDevice(device);
            model.network().to(device);
            DataSpec dataSpec = model.spec().training().data();
            if (options.data != null) {
                dataSpec = withTrainFile(dataSpec, options.data.toString());
            }
            DataSources.Loaded data = DataSources.load(dataSpec, specFile.toAbsolutePath().getParent(), DataSources.inputOf(model), installData);
            return new Session(specFile, model, settings, data);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static DataSpec withTrainFile(DataSpec d, String train) {
        if (d == null) {
            throw new InvalidInputException("--data needs a spec whose training.data names a format (idx, npy, csv, tsv, jsonl)");
        }
        return new DataSpec(d.dataset(), train, d.trainLabels(), d.test(), d.testLabels(), d.validation(), d.classes(), d.scale(),
                d.samples(), d.vocabSize(), d.maxLength(), d.tokenizer(), d.vocab(), d.lowercase(), d.topClasses(), d.perClass(),
                d.testFraction(), d.splitSeed(), d.textColumn(), d.labelColumn());
    }

    int classCount() {
        return data.train().classCount();
    }

    @Override
    public void close() {
        model.close();
    }
}
