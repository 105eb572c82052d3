package dev.lathe.conformance.reference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.Generator;
import dev.lathe.layers.attention.FeedForwardActivation;
import dev.lathe.layers.attention.MultiheadAttention;
import dev.lathe.layers.attention.TransformerEncoderLayer;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MultiheadAttention and TransformerEncoderLayer (post-LN as BERT, and pre-LN; GELU) with a key
 * padding mask against torch.nn's, by PyTorch's parameter names (in_proj_weight, linear1, norm1, …).
 */
class AttentionFixtureTest {

    static Stream<String> cases() {
        return Fixture.casesOf("multihead_attention", "transformer_encoder_layer");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithPyTorch(String name) {
        try (Fixture fixture = Fixture.load(name)) {
            JsonNode args = fixture.args();
            if (name.startsWith("multihead")) {
                MultiheadAttention attention = new MultiheadAttention(args.get("embed_dim").asInt(), args.get("num_heads").asInt(), 0,
                        new Generator(0));
                ReferenceCheck.run(fixture, attention, in -> Map.of("y", attention.forward(in.get("x"), in.get("mask"))));
            } else {
                TransformerEncoderLayer encoder = new TransformerEncoderLayer(args.get("d_model").asInt(), args.get("nhead").asInt(),
                        args.get("dim_feedforward").asInt(), 0, FeedForwardActivation.named(args.get("activation").asText()),
                        args.get("layer_norm_eps").asDouble(), args.get("norm_first").asBoolean(), new Generator(0));
                ReferenceCheck.run(fixture, encoder, in -> Map.of("y", encoder.forward(in.get("x"), in.get("mask"))));
            }
        }
    }
}
