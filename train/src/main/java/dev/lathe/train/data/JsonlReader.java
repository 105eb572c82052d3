package dev.lathe.train.data;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.util.List;

/**
 * Labelled text as JSON Lines, UTF-8: one object per line with a text, a label (a string or an
 * integer) and, for sentence pairs, a second text — in every line or in none. Other fields are
 * ignored; blank lines are skipped; duplicate keys are errors.
 */
public final class JsonlReader {

    public static final String TEXT = "text";
    public static final String LABEL = "label";
    public static final String PAIR = "text_pair";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonlReader() {
    }

    /** With the default field names {@code text}, {@code label} and {@code text_pair}. */
    public static TextCorpus read(Path file, List<String> classNames) {
        return read(file, TEXT, LABEL, PAIR, classNames);
    }

    /** Class names as given, or the sorted distinct labels when {@code classNames} is null. */
    public static TextCorpus read(Path file, String textField, String labelField, String pairField, List<String> classNames) {
        List<String> lines = Utf8Lines.read(file);
        TextLines samples = new TextLines(file);
        Boolean withPairs = null;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            int line = i + 1;
            JsonNode node = parse(lines.get(i), file, line);
            String text = string(node, textField, file, line);
            String label = label(node, labelField, file, line);
            boolean hasPair = node.has(pairField);
            if (withPairs == null) {
                withPairs = hasPair;
            } else if (withPairs != hasPair) {
                throw DataFiles.invalid(file, line, "'" + pairField + "' is " + (hasPair ? "present" : "missing")
                        + " but the first record " + (withPairs ? "has" : "has no") + " one: pairs go in every line or none");
            }
            samples.add(line, label, text, hasPair ? string(node, pairField, file, line) : null);
        }
        return samples.corpus(classNames);
    }

    private static JsonNode parse(String text, Path file, int line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw DataFiles.invalid(file, line, "invalid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (!node.isObject()) {
            throw DataFiles.invalid(file, line, "expected a JSON object, got " + node.getNodeType().name().toLowerCase());
        }
        return node;
    }

    private static String string(JsonNode node, String field, Path file, int line) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw DataFiles.invalid(file, line, "'" + field + "' must be a string" + (value == null ? ", it is missing" : ""));
        }
        return value.textValue();
    }

    private static String label(JsonNode node, String field, Path file, int line) {
        JsonNode value = node.get(field);
        if (value != null && value.isTextual()) {
            return value.textValue().strip();
        }
        if (value != null && value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        throw DataFiles.invalid(file, line, "'" + field + "' must be a string or an integer"
                + (value == null ? ", it is missing" : ""));
    }
}
