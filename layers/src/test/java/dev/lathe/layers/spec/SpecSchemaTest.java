package dev.lathe.layers.spec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/model-spec.schema.json and the reader agree: every example is valid under both, and specs
 * the reader rejects for their form are rejected by the schema too.
 */
class SpecSchemaTest {

    private static final Path ROOT = Path.of("..");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonSchema schema() throws IOException {
        JsonNode schema = JSON.readTree(ROOT.resolve("docs/model-spec.schema.json").toFile());
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
    }

    private static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("examples"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void everyExampleIsValidForSchemaAndReader() throws IOException {
        JsonSchema schema = schema();
        List<Path> examples = examples();
        assertTrue(examples.size() >= 8, "examples: " + examples);
        for (Path example : examples) {
            Set<ValidationMessage> errors = schema.validate(JSON.readTree(example.toFile()));
            assertTrue(errors.isEmpty(), example + ": " + errors);
            SpecReader.read(example);
        }
    }

    @Test
    void formErrorsAreRejectedByBoth() throws IOException {
        JsonSchema schema = schema();
        String[] bad = {
            "{\"name\": \"m\", \"input\": {\"shape\": [4]}, \"layers\": [{\"type\": \"dense2\"}]}",
            "{\"name\": \"m\", \"input\": {\"shape\": [4]}, \"layers\": [{\"type\": \"linear\", \"units\": \"4\"}]}",
            "{\"name\": \"m\", \"input\": {\"shape\": [4]}, \"layers\": [{\"type\": \"linear\"}]}",
            "{\"name\": \"m\", \"input\": {\"shape\": [4]}, \"layers\": [{\"type\": \"flatten\", \"colour\": 1}]}",
            "{\"name\": \"m\", \"input\": {\"shape\": [4]}, \"layers\": [{\"type\": \"linear\", \"units\": 2, \"weight_init\": \"kaiming\"}]}",
            "{\"name\": \"m\", \"input\": {\"shape\": [4], \"dtype\": \"int8\"}, \"layers\": [{\"type\": \"flatten\"}]}",
            "{\"name\": \"m\", \"input\": {\"shape\": [4]}, \"layers\": [{\"type\": \"conv2d\", \"filters\": 2, \"kernel_size\": 3, \"padding\": \"full\"}]}",
            "{\"name\": \"m\", \"input\": {\"shape\": [4]}, \"layers\": [{\"type\": \"flatten\"}],"
                    + " \"training\": {\"loss\": \"hinge\", \"optimizer\": {\"type\": \"sgd\", \"lr\": 1}, \"batch_size\": 1, \"epochs\": 1}}",
            "{\"name\": \"m\", \"input\": {\"shape\": [4]}, \"layers\": [{\"type\": \"flatten\"}],"
                    + " \"training\": {\"loss\": \"mse\", \"optimizer\": {\"type\": \"sgd\"}, \"batch_size\": 1, \"epochs\": 1}}",
        };
        for (String spec : bad) {
            assertFalse(schema.validate(JSON.readTree(spec)).isEmpty(), "schema accepts " + spec);
            assertThrows(SpecException.class, () -> SpecReader.parse(spec, "bad.json"), spec);
        }
    }
}
