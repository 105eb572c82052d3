package dev.lathe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code lathe summary examples/X.json}: the totals equal the parameter counts MODELS.md gives for each model. */
class ExampleSummaryTest {

    private static final Path EXAMPLES = Path.of("..", "examples");

    @ParameterizedTest(name = "{0}: {1} parameters")
    @CsvSource({
        "mlp-tiny, 13, 3",
        "mlp-fashion, 101770, 4",
        "cnn-fashion, 93322, 12",
        "cnn-binary, 92737, 13",
        "text-gap, 16577, 6",
        "lstm, 22730, 4",
        // BERT counts by Hugging Face's formula: embeddings (V + P + 2)·H + 2H, per layer 4H² + 2·H·I + 9H + I, classifier H·C + C
        "bert-tiny, 1054472, 3",
        "bert-base, 101678594, 3"})
    void totalsMatchModelsMd(String example, long parameters, int layerRows) throws Exception {
        String spec = EXAMPLES.resolve(example + ".json").toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Lathe.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        assertEquals(0, commandLine.execute("summary", "--json", spec), err.toString());
        JsonNode summary = new ObjectMapper().readTree(out.toString());
        assertEquals(parameters, summary.get("trainable_parameters").asLong());
        assertEquals(layerRows, summary.get("layers").size());
        long sum = 0;
        for (JsonNode row : summary.get("layers")) {
            sum += row.get("parameters").asLong();
        }
        assertEquals(parameters, sum, "the rows add up to the total");

        StringWriter table = new StringWriter();
        commandLine.setOut(new PrintWriter(table, true));
        assertEquals(0, commandLine.execute("summary", spec));
        assertTrue(table.toString().contains(String.format("Total parameters: %,d", parameters)), table.toString());
    }
}
