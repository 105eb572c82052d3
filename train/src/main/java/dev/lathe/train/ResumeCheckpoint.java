package dev.lathe.train;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.io.SafeTensors;
import dev.lathe.engine.io.SafeTensorsContent;
import dev.lathe.layers.Module;
import dev.lathe.train.optim.Optimizer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One safetensors file with everything a run needs to go on exactly where it stood: the model's
 * state ("model." + its names), the optimizer's ("optimizer." + its names) and, in the metadata,
 * the training state and the spec. One file, replaced atomically, so the parts always belong together.
 */
final class ResumeCheckpoint {

    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";
    static final String STATE_KEY = "lathe.trainer";
    static final String SPEC_KEY = "lathe.spec";

    private ResumeCheckpoint() {
    }

    static void save(Path file, Module model, Optimizer optimizer, TrainingState state, String specText) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((name, t) -> tensors.put(MODEL + name, t));
        optimizer.state().forEach((name, t) -> tensors.put(OPTIMIZER + name, t));
        SafeTensors.write(file, tensors, Map.of(STATE_KEY, state.toJson(), SPEC_KEY, specText, "format", "lathe-resume"));
    }

    /** Restores the model and optimizer from {@code file} and returns where the run stood. */
    static TrainingState load(Path file, Module model, Optimizer optimizer) {
        try (SafeTensorsContent content = SafeTensors.read(file)) {
            String state = content.metadata().get(STATE_KEY);
            if (state == null) {
                throw new InvalidInputException(file + ": not a resume checkpoint (no '" + STATE_KEY
                        + "' metadata); resume from a run's checkpoints/resume.safetensors");
            }
            Map<String, Tensor> modelState = new LinkedHashMap<>();
            Map<String, Tensor> optimizerState = new LinkedHashMap<>();
            content.tensors().forEach((name, t) -> {
                if (name.startsWith(MODEL)) {
                    modelState.put(name.substring(MODEL.length()), t);
                } else if (name.startsWith(OPTIMIZER)) {
                    optimizerState.put(name.substring(OPTIMIZER.length()), t);
                }
            });
            try {
                model.loadStateDict(modelState, true);
                optimizer.loadState(optimizerState);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(file + ": " + e.getMessage(), e);
            }
            return TrainingState.fromJson(state, file.toString());
        }
    }
}
