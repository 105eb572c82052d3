package dev.lathe.conformance.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lathe.engine.DType;
import dev.lathe.engine.Tensor;
import dev.lathe.layers.spec.LossSpec;
import dev.lathe.layers.spec.Model;
import dev.lathe.layers.spec.ModelBuilder;
import dev.lathe.train.Trainer;
import dev.lathe.train.TrainingSettings;
import dev.lathe.train.data.ArrayDataset;
import dev.lathe.train.data.text.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The examples/*.json models as the reference tests build, feed and run them. */
final class ExampleSpecs {

    private static final Path EXAMPLES = Path.of("..", "examples");
    /** Keys of a BERT override that are not BertConfig fields. */
    private static final String CLASSIFIER_DROPOUT = "classifier_dropout";
    private static final String SEQUENCE_LENGTH = "sequence_length";

    private ExampleSpecs() {
    }

    static Path path(String name) {
        return EXAMPLES.resolve(name + ".json");
    }

    static Model build(String name, String specText) {
        return ModelBuilder.build(specText, path(name).toString(), EXAMPLES);
    }

    /**
     * Overrides fields of the bert layer's config, and with {@code classifier_dropout} the dropout
     * layer's p, with {@code sequence_length} the input length.
     */
    static void patchBert(ObjectNode spec, JsonNode overrides) {
        for (JsonNode layer : spec.get("layers")) {
            String type = layer.get("type").asText();
            if (type.equals("bert")) {
                ObjectNode config = (ObjectNode) layer.get("config");
                for (Iterator<Map.Entry<String, JsonNode>> it = overrides.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (!field.getKey().equals(CLASSIFIER_DROPOUT) && !field.getKey().equals(SEQUENCE_LENGTH)) {
                        config.set(field.getKey(), field.getValue());
                    }
                }
            } else if (type.equals("dropout") && overrides.has(CLASSIFIER_DROPOUT)) {
                ((ObjectNode) layer).set("p", overrides.get(CLASSIFIER_DROPOUT));
            }
        }
        if (overrides.has(SEQUENCE_LENGTH)) {
            ((ObjectNode) spec.get("input")).putArray("shape").add(overrides.get(SEQUENCE_LENGTH).asInt());
        }
    }

    /** The number of classes a Trainer is made with: 0 for a regression loss, 2 for one output, else the outputs. */
    static int classCount(Model model) {
        if (model.spec().training().loss().type() == LossSpec.Kind.MSE) {
            return 0;
        }
        List<dev.lathe.layers.spec.Summary.Row> rows = model.summary().layers();
        int outputs = rows.get(rows.size() - 1).outputShape()[0];
        return outputs == 1 ? 2 : outputs;
    }

    /**
     * A dataset of {@code inputs} [N, ...] (F32 values, or I32 token ids padded with the tokenizers'
     * padding id) and {@code labels}: targets [N, ...] for regression, else class indices (I32, or
     * 0/1 values for a binary model).
     */
    static ArrayDataset dataset(Model model, Tensor inputs, Tensor labels) {
        int[] sampleShape = Arrays.copyOfRange(inputs.shape(), 1, inputs.dim());
        int classes = classCount(model);
        if (classes == 0) {
            int[] targetShape = Arrays.copyOfRange(labels.shape(), 1, labels.dim());
            return ArrayDataset.ofValues(inputs.toFloatArray(), sampleShape, labels.toFloatArray(), targetShape);
        }
        int[] classIndices = labels.dtype() == DType.I32 ? labels.toIntArray() : rounded(labels.toFloatArray());
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add(Integer.toString(c));
        }
        if (inputs.dtype() == DType.I32) {
            return ArrayDataset.ofTokens(inputs.toIntArray(), sampleShape[0], Tokenizer.PAD_ID, null, classIndices, names);
        }
        return ArrayDataset.ofClasses(inputs.toFloatArray(), sampleShape, classIndices, names);
    }

    private static int[] rounded(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.round(values[i]);
        }
        return out;
    }

    /** What `lathe predict` reports for every sample of {@code data}, flat: class probabilities, or the values for regression. */
    static float[] predict(Model model, ArrayDataset data) {
        TrainingSettings settings = TrainingSettings.from(model.spec().training(), model.spec().seedOrDefault());
        try (Trainer trainer = new Trainer(model, settings, data.classCount())) {
            return trainer.predict(data).values();
        }
    }
}
