package dev.lathe.layers.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lathe.engine.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads model specs strictly: unknown fields, duplicate keys, missing required fields, strings
 * where numbers belong and fractions where integers belong are all errors, reported in one line
 * with the JSON path ({@code $.layers[2].units}).
 */
public final class SpecReader {

    private static final Pattern MISSING = Pattern.compile("Missing required creator property '([^']+)'");
    private static final Pattern UNKNOWN_ENUM = Pattern.compile("from String \"([^\"]*)\": not one of the values accepted");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SpecReader() {
    }

    public static ModelSpec read(Path file) {
        return parse(readText(file), file.toString());
    }

    /** A spec file's text; a missing or unreadable file is bad input. */
    static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses a spec from text; {@code source} names it in error messages. */
    public static ModelSpec parse(String json, String source) {
        try {
            return MAPPER.readValue(json, ModelSpec.class);
        } catch (JsonMappingException e) {
            throw new SpecException(source, path(e), reason(e));
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw new SpecException(source, "$", "malformed JSON at line " + where.getLineNr() + ", column "
                    + where.getColumnNr() + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder("$");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        Matcher missing = MISSING.matcher(e.getOriginalMessage());
        if (missing.find() && !out.toString().endsWith("." + missing.group(1))) {
            out.append('.').append(missing.group(1));
        }
        return out.toString();
    }

    private static String reason(JsonMappingException e) {
        String message = e.getOriginalMessage();
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "' (allowed: " + names(unknown.getKnownPropertyIds()) + ")";
        }
        if (e instanceof InvalidTypeIdException badType) {
            return badType.getTypeId() == null ? "missing field 'type'"
                    : "unknown type '" + badType.getTypeId() + "'" + knownTypes(message);
        }
        if (MISSING.matcher(message).find()) {
            return "missing required field";
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null && e.getCause().getMessage() != null) {
            return e.getCause().getMessage();
        }
        Matcher badEnum = UNKNOWN_ENUM.matcher(message);
        if (badEnum.find()) {
            return "unknown value '" + badEnum.group(1) + "'" + knownTypes(message.replace("Enum class: [", "known type ids = ["));
        }
        if (e instanceof InvalidFormatException format) {
            return "expected " + describe(format.getTargetType()) + ", got " + format.getValue();
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + describe(mismatch.getTargetType()) + gotToken(mismatch);
        }
        return message.lines().findFirst().orElse(message);
    }

    private static String gotToken(MismatchedInputException e) {
        Object processor = e.getProcessor();
        if (processor instanceof JsonParser parser) {
            JsonToken token = parser.currentToken();
            if (token != null) {
                String text;
                try {
                    text = parser.getText();
                } catch (IOException ignored) {
                    text = null;
                }
                return ", got " + (token == JsonToken.VALUE_STRING ? "\"" + text + "\"" : token.isScalarValue() ? text : tokenName(token));
            }
        }
        return "";
    }

    private static String tokenName(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> token.asString() == null ? token.name().toLowerCase() : token.asString();
        };
    }

    private static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isArray() || List.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + names(List.of(type.getEnumConstants()));
        }
        return "an object (" + type.getSimpleName() + ")";
    }

    /** Jackson lists the valid ids as "[known type ids = [a, b]]"; say them plainly. */
    private static String knownTypes(String message) {
        int at = message.indexOf("known type ids = [");
        if (at < 0) {
            return "";
        }
        int start = at + "known type ids = [".length();
        int end = message.indexOf(']', start);
        return end < 0 ? "" : " (known: " + message.substring(start, end) + ")";
    }

    private static String names(Collection<?> values) {
        return values.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }
}
