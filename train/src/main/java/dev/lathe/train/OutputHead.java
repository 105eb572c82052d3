package dev.lathe.train;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.functional.Activations;
import dev.lathe.engine.ops.Reductions;
import dev.lathe.layers.Flow;
import dev.lathe.layers.Layer;
import dev.lathe.layers.Sequential;
import dev.lathe.layers.Sigmoid;
import dev.lathe.layers.Softmax;
import dev.lathe.layers.spec.LossSpec;
import java.util.List;

/**
 * How a network's outputs are read. A network that ends in softmax or sigmoid is trained on the
 * values before that activation (the loss is computed from logits, the stable form, as Keras does
 * for such models), and the activation is applied again for predictions.
 */
final class OutputHead {

    enum Kind { MULTICLASS, BINARY, VALUES }

    private final List<Layer> body;
    private final Layer finalActivation;
    private final Kind kind;
    private final double binaryThreshold;

    private OutputHead(List<Layer> body, Layer finalActivation, Kind kind, double binaryThreshold) {
        this.body = body;
        this.finalActivation = finalActivation;
        this.kind = kind;
        this.binaryThreshold = binaryThreshold;
    }

    /** {@code classCount}: 0 for regression targets. */
    static OutputHead of(Sequential network, int[] outputShape, int classCount, LossSpec.Kind loss) {
        List<Layer> layers = network.layerList();
        Layer last = layers.get(layers.size() - 1);
        boolean folds = last instanceof Softmax || last instanceof Sigmoid;
        Kind kind = classCount == 0 ? Kind.VALUES
                : outputShape.length == 1 && outputShape[0] == 1 ? Kind.BINARY : Kind.MULTICLASS;
        if (kind == Kind.MULTICLASS && (outputShape.length != 1 || outputShape[0] != classCount)) {
            throw new InvalidInputException("the model puts out [" + Shapes.format(outputShape) + "] per sample, but the data has "
                    + classCount + " classes");
        }
        if (kind == Kind.BINARY && classCount > 2) {
            throw new InvalidInputException("the model has one output (binary), but the data has " + classCount + " classes");
        }
        // a one-output network without a final sigmoid puts out probabilities only when trained with the probability form of BCE
        double threshold = !folds && loss == LossSpec.Kind.BINARY_CROSS_ENTROPY ? 0.5 : 0;
        return new OutputHead(List.copyOf(folds ? layers.subList(0, layers.size() - 1) : layers), folds ? last : null, kind, threshold);
    }

    Kind kind() {
        return kind;
    }

    /** Whether {@link #raw} gives logits because a final softmax or sigmoid was left out. */
    boolean foldsActivation() {
        return finalActivation != null;
    }

    /** The network's output without a final softmax/sigmoid. */
    Tensor raw(Flow input) {
        Flow flow = input;
        for (Layer layer : body) {
            flow = layer.forward(flow);
        }
        return flow.values();
    }

    /**
     * Class probabilities for classification (the final softmax/sigmoid, or one applied to logits
     * when the network ends without it), the outputs themselves for regression.
     */
    Tensor predictions(Tensor raw) {
        if (finalActivation != null) {
            return finalActivation.forward(raw);
        }
        return switch (kind) {
            case MULTICLASS -> Activations.softmax(raw, -1);
            case BINARY -> binaryThreshold == 0 ? Activations.sigmoid(raw) : raw;
            case VALUES -> raw;
        };
    }

    /** The predicted class of each row of {@link #raw} outputs: the arg-max, or for one binary output, above the threshold. */
    int[] classes(Tensor raw) {
        if (kind == Kind.BINARY) {
            float[] values = raw.toFloatArray();
            int[] out = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = values[i] > binaryThreshold ? 1 : 0;
            }
            return out;
        }
        try (Tensor best = Reductions.argmax(raw, 1, false)) {
            return best.toIntArray();
        }
    }
}
