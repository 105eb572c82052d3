package dev.lathe.cli.train;

import dev.lathe.layers.Checkpoint;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What eval and predict take: the spec, the checkpoint to load into its model, and the data options. */
final class CheckpointOptions {

    @Parameters(paramLabel = "SPEC", description = "The model spec (JSON) the checkpoint was trained from.")
    Path specFile;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
            description = "Model weights (safetensors), e.g. runs/X/checkpoints/best.safetensors.")
    Path checkpoint;

    @Mixin
    DataOptions data;

    /** The spec's model with the checkpoint's weights, and the spec's data. */
    Session open() {
        Session session = Session.open(specFile, data, data.installData);
        try {
            Checkpoint.load(session.model.network(), checkpoint);
            return session;
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }
}
