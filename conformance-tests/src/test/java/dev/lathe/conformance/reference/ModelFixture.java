package dev.lathe.conformance.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.io.SafeTensors;
import dev.lathe.engine.io.SafeTensorsContent;
import dev.lathe.layers.spec.Model;
import dev.lathe.train.data.ArrayDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model's fixture from reference/models.py: ten PyTorch training steps per optimizer from seeded
 * initial weights. The safetensors file holds the initial weights under their state-dict names,
 * {@code sgd/NAME} and {@code adam/NAME} after step 10, {@code inputs} and {@code labels} of the
 * ten batches, and {@code torch_outputs} (the initial weights' eval-mode predictions on the first
 * batch); the JSON file the settings and the loss before each step.
 */
final class ModelFixture implements AutoCloseable {

    static final List<String> MODELS = List.of("mlp-tiny", "mlp-fashion", "cnn-fashion", "cnn-binary", "text-gap", "lstm", "bert-tiny");
    static final List<String> OPTIMIZERS = List.of("sgd", "adam");
    private static final Path FOLDER = Path.of("src", "test", "resources", "reference", "models");
    private static final String INPUTS = "inputs";
    private static final String LABELS = "labels";
    private static final String TORCH_OUTPUTS = "torch_outputs";

    private final String name;
    private final JsonNode settings;
    private final SafeTensorsContent content;

    private ModelFixture(String name, JsonNode settings, SafeTensorsContent content) {
        this.name = name;
        this.settings = settings;
        this.content = content;
    }

    static ModelFixture read(String name) {
        try {
            JsonNode settings = new ObjectMapper().readTree(FOLDER.resolve(name + ".json").toFile());
            return new ModelFixture(name, settings, SafeTensors.read(file(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The safetensors file, which is also a PyTorch state_dict of the initial weights (plus the fixture's other tensors). */
    static Path file(String name) {
        return FOLDER.resolve(name + ".safetensors");
    }

    String name() {
        return name;
    }

    /**
     * examples/NAME.json as the fixture ran it: the fixture's batch size, one epoch of its batches in
     * order, a constant learning rate, {@code optimizer}'s settings, and for bert-tiny the fixture's
     * overrides (a smaller vocabulary and position table, shorter sequences, no dropout).
     */
    Model build(String optimizer) {
        try {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode spec = (ObjectNode) mapper.readTree(ExampleSpecs.path(name).toFile());
            ObjectNode training = (ObjectNode) spec.get("training");
            training.put("batch_size", settings.get("batch_size").asInt());
            training.put("epochs", 1);
            training.put("shuffle", false);
            training.remove("schedule");
            training.set("optimizer", settings.get(optimizer).get("optimizer"));
            JsonNode bert = settings.get("bert_overrides");
            if (bert != null) {
                ExampleSpecs.patchBert(spec, bert);
            }
            return ExampleSpecs.build(name, mapper.writeValueAsString(spec));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int batchSize() {
        return settings.get("batch_size").asInt();
    }

    double[] losses(String optimizer) {
        JsonNode losses = settings.get(optimizer).get("losses");
        double[] out = new double[losses.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = losses.get(i).asDouble();
        }
        return out;
    }

    /** Every batch in order, as the trainer reads a dataset. */
    ArrayDataset data(Model model) {
        return ExampleSpecs.dataset(model, content.tensors().get(INPUTS), content.tensors().get(LABELS));
    }

    /** The first batch, the one {@code torch_outputs} were computed on. */
    ArrayDataset firstBatch(Model model) {
        return data(model).range(0, batchSize());
    }

    float[] torchOutputs() {
        return content.tensors().get(TORCH_OUTPUTS).toFloatArray();
    }

    Map<String, Tensor> initialWeights() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        content.tensors().forEach((key, value) -> {
            if (!key.contains("/") && !List.of(INPUTS, LABELS, TORCH_OUTPUTS).contains(key)) {
                out.put(key, value);
            }
        });
        return out;
    }

    Map<String, Tensor> finalWeights(String optimizer) {
        String prefix = optimizer + "/";
        Map<String, Tensor> out = new LinkedHashMap<>();
        content.tensors().forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                out.put(key.substring(prefix.length()), value);
            }
        });
        return out;
    }

    @Override
    public void close() {
        content.close();
    }
}
