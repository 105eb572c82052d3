package dev.lathe.conformance.reference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.layers.recurrent.GRU;
import dev.lathe.layers.recurrent.LSTM;
import dev.lathe.layers.recurrent.RecurrentLayer;
import dev.lathe.layers.recurrent.RecurrentOptions;
import dev.lathe.layers.recurrent.RecurrentResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LSTM and GRU (1 and 2 layers, uni- and bidirectional) on right-padded sequences of different
 * lengths against PyTorch's run on pack_padded_sequence: outputs (zero at padded steps), h_n, c_n
 * and every gradient.
 */
class RecurrentFixtureTest {

    static Stream<String> cases() {
        return Fixture.casesOf("lstm", "gru");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithPyTorch(String name) {
        try (Fixture fixture = Fixture.load(name)) {
            JsonNode args = fixture.args();
            int input = args.get("input_size").asInt();
            int hidden = args.get("hidden_size").asInt();
            RecurrentOptions options = RecurrentOptions.defaults()
                    .withNumLayers(args.get("num_layers").asInt())
                    .withBidirectional(args.get("bidirectional").asBoolean());
            RecurrentLayer layer = name.startsWith("lstm")
                    ? new LSTM(input, hidden, options, new Generator(0))
                    : new GRU(input, hidden, options, new Generator(0));
            ReferenceCheck.run(fixture, layer, in -> {
                RecurrentResult result = layer.run(in.get("x"), in.get("lengths"));
                Map<String, Tensor> out = new LinkedHashMap<>();
                out.put("y", result.output());
                out.put("h_n", result.hN());
                if (result.cN() != null) {
                    out.put("c_n", result.cN());
                }
                return out;
            });
        }
    }
}
