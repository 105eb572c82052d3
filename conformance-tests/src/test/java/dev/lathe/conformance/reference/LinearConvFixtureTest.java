package dev.lathe.conformance.reference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.Generator;
import dev.lathe.layers.Conv2d;
import dev.lathe.layers.Layer;
import dev.lathe.layers.Linear;
import dev.lathe.layers.Padding;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Linear and Conv2d against PyTorch's torch.nn.Linear and torch.nn.Conv2d fixtures. */
class LinearConvFixtureTest {

    static Stream<String> cases() {
        return Fixture.casesOf("linear", "conv2d");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithPyTorch(String name) {
        try (Fixture fixture = Fixture.load(name)) {
            JsonNode args = fixture.args();
            Layer layer = name.startsWith("linear") ? linear(args) : conv2d(args);
            ReferenceCheck.run(fixture, layer, in -> Map.of("y", layer.forward(in.get("x"))));
        }
    }

    private static Linear linear(JsonNode args) {
        return new Linear(args.get("in_features").asInt(), args.get("out_features").asInt(), args.get("bias").asBoolean(), new Generator(0));
    }

    private static Conv2d conv2d(JsonNode args) {
        JsonNode padding = args.get("padding");
        return Conv2d.builder(args.get("in_channels").asInt(), args.get("out_channels").asInt(), 1)
                .kernel(args.get("kernel").get(0).asInt(), args.get("kernel").get(1).asInt())
                .stride(args.get("stride").get(0).asInt(), args.get("stride").get(1).asInt())
                .padding(padding.isTextual() ? Padding.parse(padding.asText()) : Padding.of(padding.get(0).asInt(), padding.get(1).asInt()))
                .dilation(args.get("dilation").get(0).asInt(), args.get("dilation").get(1).asInt())
                .groups(args.get("groups").asInt())
                .bias(args.get("bias").asBoolean())
                .build(new Generator(0));
    }
}
