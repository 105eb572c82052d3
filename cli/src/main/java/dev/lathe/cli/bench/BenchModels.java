package dev.lathe.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lathe.layers.spec.Model;
import dev.lathe.layers.spec.ModelBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The models {@code lathe bench MODEL…} measures: the MODELS.md models, built from the
 * {@code examples/*.json} specs that the build copies into the jar (so the specs have one source),
 * with BERT at the two sizes MODELS.md quotes PyTorch figures for. {@code bench/pytorch_models.py}
 * makes the same changes to the same specs.
 */
final class BenchModels {

    /** Where the build puts the example specs on the class path. */
    static final String EXAMPLES = "/examples/";

    /** What {@code lathe bench} changes in an example spec before building it. */
    private record Entry(String name, String example, Consumer<ObjectNode> edit) {
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry("mlp-tiny", "mlp-tiny", spec -> { }),
            new Entry("mlp-fashion", "mlp-fashion", spec -> { }),
            new Entry("cnn-fashion", "cnn-fashion", spec -> { }),
            new Entry("cnn-binary", "cnn-binary", spec -> { }),
            new Entry("text-gap", "text-gap", spec -> { }),
            new Entry("lstm", "lstm", spec -> { }),
            // MODELS.md's BERT figures are for sequences of 64 and 128 tokens (the bert-tiny spec trains on 66)
            new Entry("bert-tiny", "bert-tiny", spec -> sequenceLength(spec, 64)),
            new Entry("bert-small", "bert-tiny", spec -> {
                sequenceLength(spec, 128);
                ObjectNode config = (ObjectNode) spec.get("layers").get(0).get("config");
                config.put("hidden_size", 256).put("num_hidden_layers", 4).put("num_attention_heads", 4)
                        .put("intermediate_size", 1024);
                ((ObjectNode) spec.get("training")).put("batch_size", 16);
            }));

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchModels() {
    }

    /** Every model's name, in the order {@code lathe bench all} runs them. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        ENTRIES.forEach(e -> names.add(e.name()));
        return names;
    }

    /** Builds the named model (one of {@link #names()}) from its spec with the bench's changes. */
    static Model build(String name) {
        Entry entry = ENTRIES.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown model '" + name + "'"));
        String source = "examples/" + entry.example() + ".json";
        try {
            ObjectNode spec = (ObjectNode) JSON.readTree(resource(entry.example()));
            spec.put("name", name);
            entry.edit().accept(spec);
            return ModelBuilder.build(JSON.writeValueAsString(spec), source + " (as lathe bench's " + name + ")", null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(source + " in the lathe jar is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String resource(String example) {
        String path = EXAMPLES + example + ".json";
        try (InputStream in = BenchModels.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the class path; rebuild lathe with Maven, which copies examples/");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path + " from the class path failed", e);
        }
    }

    private static void sequenceLength(ObjectNode spec, int tokens) {
        ((ObjectNode) spec.get("input")).putArray("shape").add(tokens);
    }
}
