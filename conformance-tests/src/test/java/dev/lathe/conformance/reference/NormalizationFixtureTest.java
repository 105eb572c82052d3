package dev.lathe.conformance.reference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.layers.BatchNorm1d;
import dev.lathe.layers.BatchNorm2d;
import dev.lathe.layers.Layer;
import dev.lathe.layers.LayerNorm;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BatchNorm1d/2d in train mode (batch statistics, and the running statistics and batch count after
 * the step) and eval mode (running statistics), and LayerNorm, against PyTorch's.
 */
class NormalizationFixtureTest {

    static Stream<String> cases() {
        return Fixture.casesOf("batch_norm1d", "batch_norm2d", "layer_norm");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithPyTorch(String name) {
        try (Fixture fixture = Fixture.load(name)) {
            JsonNode args = fixture.args();
            Layer layer = name.startsWith("layer_norm") ? layerNorm(args) : batchNorm(name, args);
            ReferenceCheck.run(fixture, layer, in -> Map.of("y", layer.forward(in.get("x"))));
        }
    }

    private static Layer batchNorm(String name, JsonNode args) {
        int features = args.get("num_features").asInt();
        double eps = args.get("eps").asDouble();
        double momentum = args.get("momentum").asDouble();
        return name.startsWith("batch_norm2d")
                ? new BatchNorm2d(features, eps, momentum, true, true)
                : new BatchNorm1d(features, eps, momentum, true, true);
    }

    private static LayerNorm layerNorm(JsonNode args) {
        int[] shape = StreamSupport.stream(args.get("normalized_shape").spliterator(), false).mapToInt(JsonNode::asInt).toArray();
        return new LayerNorm(shape, args.get("eps").asDouble(), true);
    }
}
