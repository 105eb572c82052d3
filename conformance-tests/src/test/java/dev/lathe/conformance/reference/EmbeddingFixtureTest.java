package dev.lathe.conformance.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.Generator;
import dev.lathe.layers.Embedding;
import dev.lathe.layers.init.Initializer;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Embedding with repeated ids and with a padding index (whose row's gradient stays zero) against PyTorch's. */
class EmbeddingFixtureTest {

    static Stream<String> cases() {
        return Fixture.casesOf("embedding");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithPyTorch(String name) {
        try (Fixture fixture = Fixture.load(name)) {
            JsonNode args = fixture.args();
            JsonNode padding = args.get("padding_idx");
            Embedding embedding = new Embedding(args.get("num_embeddings").asInt(), args.get("embedding_dim").asInt(),
                    padding.isNull() ? null : padding.asInt(), Initializer.normal(1), new Generator(0));
            ReferenceCheck.run(fixture, embedding, in -> Map.of("y", embedding.forward(in.get("ids"))));
            if (embedding.paddingIdx() != null) {
                // within the tolerance is not enough here: PyTorch never writes to the padding row's gradient
                double[] paddingRowGrad = embedding.weight().value().grad().narrow(0, embedding.paddingIdx(), 1).toDoubleArray();
                assertArrayEquals(new double[paddingRowGrad.length], paddingRowGrad, 0.0, "padding row gradient");
            }
        }
    }
}
