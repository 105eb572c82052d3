package dev.lathe.conformance.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lathe.engine.Generator;
import dev.lathe.layers.Flow;
import dev.lathe.layers.Sequential;
import dev.lathe.layers.bert.Bert;
import dev.lathe.layers.bert.BertConfig;
import dev.lathe.layers.bert.BertPooling;
import dev.lathe.layers.spec.Model;
import dev.lathe.layers.spec.ModelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * BERT with Hugging Face's parameter names against conformance-tests/reference/torch_models.py on a
 * right-padded batch with token types: the encoder's last hidden states, and the bert-tiny
 * classifier built from examples/bert-tiny.json with the fixture's (smaller) config, in eval mode.
 */
class BertFixtureTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void encoderAgreesWithPyTorch() {
        try (Fixture fixture = Fixture.load("bert_model")) {
            Bert bert = new Bert(config(fixture.args().get("config")), BertPooling.NONE, new Generator(0));
            ReferenceCheck.run(fixture, bert, in -> Map.of("y", bert.sequenceOutput(in.get("ids"), in.get("mask"), in.get("segments"))));
        }
    }

    @Test
    void bertTinyClassifierAgreesWithPyTorch() throws IOException {
        try (Fixture fixture = Fixture.load("bert_classifier")) {
            Path spec = Path.of("..").resolve(fixture.args().get("spec").asText());
            ObjectNode patched = (ObjectNode) JSON.readTree(Files.readString(spec));
            ((ObjectNode) patched.get("layers").get(0).get("config")).setAll((ObjectNode) fixture.args().get("config"));
            ((ObjectNode) patched.get("input")).putArray("shape").add(fixture.args().get("steps").asInt());
            Model model = ModelBuilder.build(JSON.writeValueAsString(patched), spec + " with the fixture's config", spec.getParent());
            Sequential network = model.network();
            ReferenceCheck.run(fixture, network, in -> Map.of("y", network.forward(new Flow(in.get("ids"), null, in.get("segments"))).values()));
        }
    }

    /** A BertConfig from every field of Hugging Face's config.json (the activation is BERT's GELU). */
    private static BertConfig config(JsonNode c) {
        return new BertConfig(c.get("vocab_size").asInt(), c.get("hidden_size").asInt(), c.get("num_hidden_layers").asInt(),
                c.get("num_attention_heads").asInt(), c.get("intermediate_size").asInt(), "gelu", c.get("hidden_dropout_prob").asDouble(),
                c.get("attention_probs_dropout_prob").asDouble(), c.get("max_position_embeddings").asInt(), c.get("type_vocab_size").asInt(),
                c.get("initializer_range").asDouble(), c.get("layer_norm_eps").asDouble(), c.get("pad_token_id").asInt());
    }
}
