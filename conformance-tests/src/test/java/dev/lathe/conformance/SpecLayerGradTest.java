package dev.lathe.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.layers.Flow;
import dev.lathe.layers.spec.LayerSpec;
import dev.lathe.layers.spec.Model;
import dev.lathe.layers.spec.ModelBuilder;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * An F64 gradient check of every layer type a model spec can name, built through the spec (so the
 * check covers the wiring of defaults, shapes and masks too), with respect to the float input and
 * every parameter. A type the spec format gains without a case here fails the coverage test.
 */
class SpecLayerGradTest {

    /** Right-padded token ids (0 is padding) for three sequences of lengths 3, 1 and 4. */
    static final int[] IDS = {3, 1, 2, 0, 4, 0, 0, 0, 1, 2, 3, 4};

    private static final String EMBED = "{\"type\": \"embedding\", \"num_embeddings\": 6, \"embedding_dim\": 4, \"padding_idx\": 0}, ";

    /**
     * The padding row gets no gradient although outputs at padded steps read it (as in PyTorch), so
     * sequence outputs are pooled over the real steps before they are checked.
     */
    private static final String POOL = ", {\"type\": \"global_avg_pool1d\"}";

    record Case(String input, String layers, boolean eval) {

        boolean tokenIds() {
            return input.contains("int32");
        }
    }

    private static Case floats(String shape, String layers) {
        return new Case("{\"shape\": " + shape + "}", layers, false);
    }

    private static Case ids(String layers, boolean eval) {
        return new Case("{\"shape\": [4], \"dtype\": \"int32\"}", layers, eval);
    }

    static final Map<String, Case> CASES = Map.ofEntries(
            Map.entry("linear", floats("[3]", "{\"type\": \"linear\", \"units\": 2}")),
            Map.entry("dense", floats("[2, 3]", "{\"type\": \"dense\", \"units\": 2, \"bias\": false}")),
            Map.entry("conv2d", floats("[2, 5, 4]", "{\"type\": \"conv2d\", \"filters\": 2, \"kernel_size\": [2, 3], \"padding\": \"same\"}, "
                    + "{\"type\": \"conv2d\", \"filters\": 2, \"kernel_size\": 2, \"stride\": 2, \"dilation\": [1, 2], \"groups\": 2}")),
            Map.entry("max_pool2d", floats("[1, 4, 4]", "{\"type\": \"max_pool2d\", \"kernel_size\": 2}")),
            Map.entry("avg_pool2d", floats("[1, 5, 5]", "{\"type\": \"avg_pool2d\", \"kernel_size\": 3, \"stride\": 2, \"padding\": 1}")),
            Map.entry("global_avg_pool1d", ids(EMBED + "{\"type\": \"global_avg_pool1d\"}", false)),
            Map.entry("global_max_pool1d", ids(EMBED + "{\"type\": \"global_max_pool1d\"}", false)),
            Map.entry("global_avg_pool2d", floats("[2, 3, 3]", "{\"type\": \"global_avg_pool2d\"}")),
            Map.entry("flatten", floats("[2, 2, 2]", "{\"type\": \"flatten\"}, {\"type\": \"linear\", \"units\": 2}")),
            Map.entry("dropout", new Case("{\"shape\": [3]}", "{\"type\": \"linear\", \"units\": 2}, {\"type\": \"dropout\", \"p\": 0.5}", true)),
            Map.entry("relu", floats("[5]", "{\"type\": \"relu\"}")),
            Map.entry("leaky_relu", floats("[5]", "{\"type\": \"leaky_relu\", \"negative_slope\": 0.2}")),
            Map.entry("gelu", floats("[5]", "{\"type\": \"gelu\"}")),
            Map.entry("tanh", floats("[5]", "{\"type\": \"tanh\"}")),
            Map.entry("sigmoid", floats("[5]", "{\"type\": \"sigmoid\"}")),
            Map.entry("softmax", floats("[5]", "{\"type\": \"softmax\"}")),
            Map.entry("batch_norm", floats("[2, 3, 3]", "{\"type\": \"batch_norm\"}, {\"type\": \"flatten\"}, {\"type\": \"batch_norm\"}")),
            Map.entry("layer_norm", floats("[2, 4]", "{\"type\": \"layer_norm\"}")),
            Map.entry("embedding", ids("{\"type\": \"embedding\", \"num_embeddings\": 6, \"embedding_dim\": 3}, {\"type\": \"flatten\"}", false)),
            Map.entry("rnn", ids(EMBED + "{\"type\": \"rnn\", \"hidden_size\": 2, \"num_layers\": 2}", false)),
            Map.entry("lstm", ids(EMBED + "{\"type\": \"lstm\", \"hidden_size\": 2, \"bidirectional\": true}", false)),
            Map.entry("gru", ids(EMBED + "{\"type\": \"gru\", \"hidden_size\": 2, \"return_sequences\": true, \"bidirectional\": true}" + POOL, false)),
            Map.entry("multihead_attention", ids(EMBED + "{\"type\": \"multihead_attention\", \"num_heads\": 2}" + POOL, false)),
            Map.entry("transformer_encoder", ids(EMBED + "{\"type\": \"transformer_encoder\", \"num_heads\": 2, \"dim_feedforward\": 6,"
                    + " \"dropout\": 0, \"activation\": \"gelu\"}" + POOL, false)),
            Map.entry("bert", ids("{\"type\": \"bert\", \"pooling\": \"mean\", \"config\": {\"vocab_size\": 6, \"hidden_size\": 4,"
                    + " \"num_hidden_layers\": 1, \"num_attention_heads\": 2, \"intermediate_size\": 6, \"max_position_embeddings\": 4}}", true)));

    /** The case's layers as a one-model spec, built with seed 3 and set to the case's mode. */
    static Model build(String name, Case c) {
        String json = "{\"name\": \"" + name + "\", \"seed\": 3, \"input\": " + c.input() + ", \"layers\": [" + c.layers() + "]}";
        Model model = ModelBuilder.build(json, name, null);
        model.network().train(!c.eval());
        return model;
    }

    @Test
    void everySpecLayerTypeHasACase() {
        Set<String> types = new TreeSet<>();
        for (JsonSubTypes.Type type : LayerSpec.class.getAnnotation(JsonSubTypes.class).value()) {
            types.addAll(Arrays.asList(type.names()));
            if (!type.name().isEmpty()) {
                types.add(type.name());
            }
        }
        assertEquals(types, new TreeSet<>(CASES.keySet()));
    }

    @TestFactory
    Stream<DynamicTest> gradientsOfSpecBuiltLayers() {
        return CASES.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> DynamicTest.dynamicTest("spec layer " + e.getKey(), () -> {
            Case c = e.getValue();
            Model model = build(e.getKey(), c);
            double worst;
            if (c.tokenIds()) {
                assertTrue(model.network().parameterCount() > 0);
                worst = LayerGradCheck.check(e.getKey(), model.network(),
                        x -> model.forward(new Flow(Tensors.of(IDS, 3, 4), null, null)).values());
            } else {
                int[] sample = model.spec().input().shape();
                int[] batch = new int[sample.length + 1];
                batch[0] = 3;
                System.arraycopy(sample, 0, batch, 1, sample.length);
                worst = LayerGradCheck.check(e.getKey(), model.network(), x -> model.forward(x[0]), LayerGradCheck.input(7, batch));
            }
            System.out.printf("gradcheck spec layer %-20s passed, max |analytic - numeric| = %.2e%n", e.getKey(), worst);
        }));
    }
}
