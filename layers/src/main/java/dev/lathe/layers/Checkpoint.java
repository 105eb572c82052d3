package dev.lathe.layers;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.io.SafeTensors;
import dev.lathe.engine.io.SafeTensorsContent;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A module's state dict (parameters and buffers, by their PyTorch names) as a safetensors file,
 * as {@code safetensors.torch.save_model}/{@code load_model} write and read it: the file loads
 * into the same model in PyTorch and back.
 */
public final class Checkpoint {

    /** Metadata every checkpoint carries, as Hugging Face writes it: the tensors follow PyTorch's conventions. */
    public static final Map<String, String> PYTORCH_FORMAT = Map.of("format", "pt");

    private Checkpoint() {
    }

    public static void save(Module module, Path file) {
        save(module, file, Map.of());
    }

    /** Saves with extra metadata (for example "lathe.spec" → the model spec JSON); a given "format" overrides "pt". */
    public static void save(Module module, Path file, Map<String, String> metadata) {
        Map<String, String> all = new LinkedHashMap<>(PYTORCH_FORMAT);
        all.putAll(metadata);
        SafeTensors.write(file, module.stateDict(), all);
    }

    /** Loads every entry; a missing, unexpected or differently shaped entry is an error and changes nothing. */
    public static void load(Module module, Path file) {
        load(module, file, true);
    }

    /** Without {@code strict}, entries the file or the model lacks are skipped; a shape mismatch is still an error. */
    public static void load(Module module, Path file, boolean strict) {
        try (SafeTensorsContent content = SafeTensors.read(file)) {
            try {
                module.loadStateDict(content.tensors(), strict);
            } catch (InvalidInputException mismatch) {
                throw new InvalidInputException(file + ": " + mismatch.getMessage(), mismatch);
            }
        }
    }

    /** The checkpoint's metadata, reading only its header. */
    public static Map<String, String> metadata(Path file) {
        return SafeTensors.readMetadata(file);
    }
}
