package dev.lathe.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.cli.train.CliRun;
import dev.lathe.cli.train.CudaAbsence;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code lathe bench MODEL…}: model throughput as JSON, and one-line errors for bad model arguments. */
class BenchModelsCommandTest {

    private static final String[] QUICK = {"--json", "--threads", "1", "--min-time-ms", "1", "--min-reps", "2", "--warmup", "1"};

    @Test
    void measuresAFloatAndATokenModelAsJson() throws Exception {
        CliRun r = CliRun.of(concat(new String[] {"bench", "mlp-tiny", "text-gap"}, QUICK));
        assertEquals(0, r.code(), r.err());
        JsonNode result = new ObjectMapper().readTree(r.out());
        assertEquals("lathe", result.get("framework").asText());
        assertEquals("cpu", result.get("device").asText());
        assertEquals(1, result.get("threads").asInt());
        JsonNode models = result.get("models");
        assertEquals(2, models.size(), r.out());
        // MODELS.md: mlp-tiny takes 2 values per sample, text-gap 100 token ids; both train at batch 32
        assertModel(models.get(0), "mlp-tiny", List.of(32, 2));
        assertModel(models.get(1), "text-gap", List.of(32, 100));
    }

    @Test
    void answersEachModelNameOnStandardInputWithOneJsonLine() throws Exception {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("mlp-tiny\n\ntext-gap\n".getBytes(StandardCharsets.UTF_8)));
            CliRun r = CliRun.of(concat(new String[] {"bench", "--stdin"}, QUICK));
            assertEquals(0, r.code(), r.err());
            List<String> lines = r.out().lines().toList();
            assertEquals(2, lines.size(), r.out());
            JsonNode first = new ObjectMapper().readTree(lines.get(0));
            assertEquals("lathe", first.get("framework").asText());
            assertEquals(1, first.get("models").size());
            assertModel(first.get("models").get(0), "mlp-tiny", List.of(32, 2));
            assertModel(new ObjectMapper().readTree(lines.get(1)).get("models").get(0), "text-gap", List.of(32, 100));

            System.setIn(new ByteArrayInputStream("resnet-50\n".getBytes(StandardCharsets.UTF_8)));
            CliRun bad = CliRun.of(concat(new String[] {"bench", "--stdin"}, QUICK));
            assertEquals(2, bad.code());
            assertTrue(bad.err().contains("unknown model 'resnet-50' on standard input"), bad.err());
            assertEquals(2, CliRun.of("bench", "--stdin", "mlp-tiny").code(), "names come from standard input only");
        } finally {
            System.setIn(stdin);
        }
    }

    private static void assertModel(JsonNode model, String name, List<Integer> inputShape) {
        assertEquals(name, model.get("model").asText());
        assertEquals(inputShape.get(0), model.get("batch").asInt());
        assertEquals(inputShape, new ObjectMapper().convertValue(model.get("input_shape"), List.class));
        for (String field : new String[] {"train_samples_per_s", "inference_samples_per_s", "train_ms_median", "train_ms_best",
                                          "inference_ms_median", "inference_ms_best"}) {
            assertTrue(model.get(field).asDouble() > 0, field + " of " + model);
        }
        assertTrue(model.get("train_reps").asInt() >= 2, model.toString());
        assertTrue(model.get("inference_reps").asInt() >= 2, model.toString());
        assertTrue(model.get("train_ms_best").asDouble() <= model.get("train_ms_median").asDouble(), model.toString());
        double samplesPerSecond = model.get("batch").asInt() / (model.get("train_ms_median").asDouble() / 1000);
        assertEquals(samplesPerSecond, model.get("train_samples_per_s").asDouble(), samplesPerSecond * 1e-3);
    }

    @Test
    void anUnknownModelIsBadUsageOnOneLine() {
        CliRun r = CliRun.of("bench", "mlp-fashion", "resnet-50");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("unknown model 'resnet-50'"), r.err());
        assertTrue(r.err().contains("bert-small"), "the message lists the models: " + r.err());
        assertEquals("", r.out(), "nothing runs before the arguments are checked");
    }

    @Test
    void aFilterDoesNotApplyToModels() {
        CliRun r = CliRun.of("bench", "mlp-tiny", "--filter", "matmul");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--filter"), r.err());
    }

    @Test
    void deviceCudaWithoutAUsableGpuFailsWithTheBackendsReason() {
        String reason = CudaAbsence.reason();
        CliRun r = CliRun.of(concat(new String[] {"bench", "all", "--device", "cuda"}, QUICK));
        assertEquals(1, r.code(), r.err());
        assertEquals("lathe bench: error: " + reason + " (--verbose shows the stack trace)", r.err().strip());
        assertEquals("", r.out(), "nothing runs on a device that is not there");
    }

    @Test
    void theMicroBenchmarksRunOnTheCpuOnly() {
        CliRun r = CliRun.of("bench", "--filter", "matmul,128", "--device", "cuda");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--device cuda applies to model benchmarks"), r.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
