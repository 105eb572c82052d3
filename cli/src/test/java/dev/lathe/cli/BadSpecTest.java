package dev.lathe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Malformed specs: each is rejected by {@code lathe summary} with exit code 2 and one line naming the JSON path and the reason. */
class BadSpecTest {

    @TempDir
    Path dir;

    private static String spec(String input, String layers) {
        return "{\"name\": \"bad\", \"input\": " + input + ", \"layers\": [" + layers + "]}";
    }

    private static String image(String layers) {
        return spec("{\"shape\": [1, 6, 6]}", layers);
    }

    private static String training(String trainingSection) {
        return "{\"name\": \"bad\", \"input\": {\"shape\": [4]}, \"layers\": [{\"type\": \"linear\", \"units\": 2}], \"training\": "
                + trainingSection + "}";
    }

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                Arguments.of("unknown layer type", image("{\"type\": \"flatten\"}, {\"type\": \"dense2\", \"units\": 3}"),
                        "$.layers[1]: unknown type 'dense2' (known: "),
                Arguments.of("string where an integer belongs", image("{\"type\": \"flatten\"}, {\"type\": \"linear\", \"units\": \"128\"}"),
                        "$.layers[1].units: expected an integer, got \"128\""),
                Arguments.of("fraction where an integer belongs", image("{\"type\": \"flatten\"}, {\"type\": \"linear\", \"units\": 1.5}"),
                        "$.layers[1].units: expected an integer, got 1.5"),
                Arguments.of("missing required field", image("{\"type\": \"flatten\"}, {\"type\": \"linear\"}"),
                        "$.layers[1].units: missing required field"),
                Arguments.of("negative size", image("{\"type\": \"flatten\"}, {\"type\": \"linear\", \"units\": -3}"),
                        "$.layers[1].units: must be a positive integer, got -3"),
                Arguments.of("conv kernel larger than its input", image("{\"type\": \"conv2d\", \"filters\": 4, \"kernel_size\": 7}"),
                        "$.layers[0]: Conv2d(1 → 4, 7×7): kernel"),
                Arguments.of("pool window larger than its input", image("{\"type\": \"max_pool2d\", \"kernel_size\": 8}"),
                        "$.layers[0]: MaxPool2d"),
                Arguments.of("unknown activation", image("{\"type\": \"flatten\"}, {\"type\": \"linear\", \"units\": 3, \"activation\": \"swish\"}"),
                        "$.layers[1].activation: unknown activation 'swish' (known: "),
                Arguments.of("unknown field", image("{\"type\": \"flatten\", \"colour\": \"red\"}"),
                        "$.layers[0].colour: unknown field 'colour'"),
                Arguments.of("probability out of range", image("{\"type\": \"dropout\", \"p\": 1.5}"),
                        "$.layers[0].p: must lie in [0, 1), got 1.5"),
                Arguments.of("token-id layer on float input", image("{\"type\": \"embedding\", \"num_embeddings\": 10, \"embedding_dim\": 4}"),
                        "$.layers[0]: embedding takes int32 token ids, but receives float32 values of shape [1, 6, 6]"),
                Arguments.of("float layer on token ids", spec("{\"shape\": [5], \"dtype\": \"int32\"}", "{\"type\": \"linear\", \"units\": 3}"),
                        "$.layers[0]: the input holds int32 token ids, which only an embedding or bert layer takes (got linear)"),
                Arguments.of("recurrent layer on a flat vector", spec("{\"shape\": [8]}", "{\"type\": \"lstm\", \"hidden_size\": 3}"),
                        "$.layers[0]: lstm needs sequences [T, C], got [8]"),
                Arguments.of("negative input dimension", spec("{\"shape\": [-1, 4]}", "{\"type\": \"flatten\"}"),
                        "$.input.shape[0]: must be a positive integer, got -1"),
                Arguments.of("missing input", "{\"name\": \"bad\", \"layers\": [{\"type\": \"flatten\"}]}",
                        "$.input: missing required field"),
                Arguments.of("no layers", spec("{\"shape\": [4]}", ""),
                        "$.layers: must hold at least one layer"),
                Arguments.of("duplicate layer name", spec("{\"shape\": [4]}",
                                "{\"type\": \"linear\", \"units\": 3, \"name\": \"fc\"}, {\"type\": \"linear\", \"units\": 2, \"name\": \"fc\"}"),
                        "$.layers[1].name: the name 'fc' is already used by another layer"),
                Arguments.of("bert heads do not divide the hidden size", spec("{\"shape\": [8], \"dtype\": \"int32\"}",
                                "{\"type\": \"bert\", \"config\": {\"vocab_size\": 20, \"hidden_size\": 10, \"num_attention_heads\": 3,"
                                        + " \"num_hidden_layers\": 1, \"intermediate_size\": 8}}"),
                        "$.layers[0].config: "),
                Arguments.of("unknown optimizer", training("{\"loss\": \"mse\", \"optimizer\": {\"type\": \"adagrad\", \"lr\": 0.1}, \"batch_size\": 4, \"epochs\": 1}"),
                        "$.training.optimizer.type: unknown value 'adagrad' (known: "),
                Arguments.of("zero batch size", training("{\"loss\": \"mse\", \"optimizer\": {\"type\": \"sgd\", \"lr\": 0.1}, \"batch_size\": 0, \"epochs\": 1}"),
                        "$.training.batch_size: must be a positive integer, got 0"),
                Arguments.of("malformed JSON", "{\"name\": \"bad\", \"input\": {\"shape\": [4]},, \"layers\": []}",
                        "$: malformed JSON at line 1, column "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void rejectedWithExitCode2AndTheJsonPath(String what, String json, String expected) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, json);
        Result r = summary(file.toString());
        assertEquals(2, r.code(), what + ": " + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(file + ": " + expected), what + ": expected «" + expected + "» in «" + r.err().strip() + "»");
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose");
        assertEquals("", r.out());
    }

    @Test
    void missingFileIsBadInput() {
        Result r = summary(dir.resolve("nowhere.json").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("nowhere.json: no such file"), r.err());
    }

    private record Result(int code, String out, String err) {
    }

    private static Result summary(String file) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Lathe.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute("summary", file);
        return new Result(code, out.toString(), err.toString());
    }
}
