package dev.lathe.conformance.reference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.functional.Losses;
import dev.lathe.layers.spec.LossSpec;
import dev.lathe.train.loss.Objective;
import dev.lathe.train.loss.Objectives;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The losses against torch.nn.functional's (mean reduction): value and gradient with respect to the
 * input. The spec's losses go through Objectives, as the trainer builds them; cross-entropy over
 * extra axes and against probabilities, which a spec cannot name, go to the engine's Losses.
 */
class LossFixtureTest {

    static Stream<String> cases() {
        return Fixture.casesOf("loss");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithPyTorch(String name) {
        try (Fixture fixture = Fixture.load(name)) {
            BinaryOperator<Tensor> loss = loss(fixture.args(), fixture.group("input").get("x"));
            ReferenceCheck.run(fixture, null, in -> Map.of("loss", loss.apply(in.get("x"), in.get("target"))));
        }
    }

    private static BinaryOperator<Tensor> loss(JsonNode args, Tensor input) {
        String type = args.get("type").asText();
        if (type.equals("cross_entropy_probabilities")) {
            return Losses::crossEntropyWithProbabilities;
        }
        if (input.dim() > 2) {
            return Losses::crossEntropy;
        }
        LossSpec spec = new LossSpec(kind(type), args.has("label_smoothing") ? args.get("label_smoothing").asDouble() : null,
                args.has("class_weights") ? StreamSupport.stream(args.get("class_weights").spliterator(), false).mapToDouble(JsonNode::asDouble).toArray() : null,
                args.has("ignore_index") ? args.get("ignore_index").asInt() : null);
        Objective objective = Objectives.create(spec, false, input.size(input.dim() - 1));
        return objective::loss;
    }

    private static LossSpec.Kind kind(String type) {
        return LossSpec.Kind.valueOf(type.toUpperCase());
    }
}
