package dev.lathe.train.loss;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.functional.Losses;
import dev.lathe.layers.spec.LossSpec;
import java.util.ArrayList;
import java.util.List;

/** Builds the loss a training spec names, with PyTorch's definitions and mean reduction. */
public final class Objectives {

    private static final String PATH = "training.loss";
    /** torch.nn.CrossEntropyLoss's default ignore_index. */
    private static final int DEFAULT_IGNORE_INDEX = -100;

    private Objectives() {
    }

    /**
     * @param outputsAreLogits whether the outputs given to binary_cross_entropy are logits (the
     *                         trainer took the final sigmoid away); cross_entropy always gets logits
     * @param classCount       number of classes, for cross_entropy's class weights and shapes
     * @throws InvalidInputException for a setting the loss does not take or a value it rejects
     */
    public static Objective create(LossSpec spec, boolean outputsAreLogits, int classCount) {
        rejectForeignSettings(spec);
        return switch (spec.type()) {
            case MSE -> Losses::mse;
            case CROSS_ENTROPY -> crossEntropy(spec, classCount);
            case BINARY_CROSS_ENTROPY_WITH_LOGITS -> withFloatTargets("binary_cross_entropy_with_logits", Losses::binaryCrossEntropyWithLogits);
            case BINARY_CROSS_ENTROPY -> withFloatTargets("binary_cross_entropy",
                    outputsAreLogits ? Losses::binaryCrossEntropyWithLogits : new ProbabilityBinaryCrossEntropy());
        };
    }

    private static Objective crossEntropy(LossSpec spec, int classCount) {
        if (classCount < 1) {
            throw new IllegalArgumentException("cross_entropy needs at least one class, got " + classCount);
        }
        double smoothing = spec.labelSmoothing() == null ? 0 : spec.labelSmoothing();
        if (!(smoothing >= 0 && smoothing <= 1)) {
            throw new InvalidInputException(PATH + ".label_smoothing: must lie in [0, 1], got " + smoothing);
        }
        double[] weights = spec.classWeights();
        if (weights != null) {
            if (weights.length != classCount) {
                throw new InvalidInputException(PATH + ".class_weights: the model has " + classCount + " classes but "
                        + weights.length + " weights are given");
            }
            for (int c = 0; c < weights.length; c++) {
                if (!(weights[c] >= 0 && Double.isFinite(weights[c]))) {
                    throw new InvalidInputException(PATH + ".class_weights[" + c + "]: must be a number >= 0, got " + weights[c]);
                }
            }
        }
        int ignoreIndex = spec.ignoreIndex() == null ? DEFAULT_IGNORE_INDEX : spec.ignoreIndex();
        return new ClassIndexCrossEntropy(classCount, smoothing, weights, ignoreIndex);
    }

    /** Binary targets are probabilities, so an I32 class index there means the data was read for another loss. */
    private static Objective withFloatTargets(String name, Objective loss) {
        return (outputs, targets) -> {
            if (!targets.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException(name + " needs floating-point targets in [0, 1] shaped like the outputs "
                        + outputs.describe() + ", got " + targets.describe());
            }
            return loss.loss(outputs, targets);
        };
    }

    /** Settings that only cross_entropy takes are most likely a mistake elsewhere: say so rather than drop them. */
    private static void rejectForeignSettings(LossSpec spec) {
        if (spec.type() == LossSpec.Kind.CROSS_ENTROPY) {
            return;
        }
        List<String> foreign = new ArrayList<>();
        if (spec.labelSmoothing() != null) {
            foreign.add("label_smoothing");
        }
        if (spec.classWeights() != null) {
            foreign.add("class_weights");
        }
        if (spec.ignoreIndex() != null) {
            foreign.add("ignore_index");
        }
        if (!foreign.isEmpty()) {
            throw new InvalidInputException(PATH + ": " + spec.type().name().toLowerCase() + " does not take " + String.join(", ", foreign));
        }
    }
}
