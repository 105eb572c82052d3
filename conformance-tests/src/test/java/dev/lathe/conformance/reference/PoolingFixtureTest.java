package dev.lathe.conformance.reference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.layers.AvgPool2d;
import dev.lathe.layers.Layer;
import dev.lathe.layers.MaxPool2d;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** MaxPool2d and AvgPool2d (count_include_pad both ways) against PyTorch's. */
class PoolingFixtureTest {

    static Stream<String> cases() {
        return Fixture.casesOf("max_pool2d", "avg_pool2d");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithPyTorch(String name) {
        try (Fixture fixture = Fixture.load(name)) {
            JsonNode args = fixture.args();
            int kernel = args.get("kernel").asInt();
            int stride = args.get("stride").asInt();
            int padding = args.get("padding").asInt();
            Layer pool = name.startsWith("max")
                    ? new MaxPool2d(kernel, stride, padding)
                    : new AvgPool2d(kernel, stride, padding, args.get("count_include_pad").asBoolean());
            ReferenceCheck.run(fixture, pool, in -> Map.of("y", pool.forward(in.get("x"))));
        }
    }
}
