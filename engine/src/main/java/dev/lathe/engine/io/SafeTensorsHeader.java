package dev.lathe.engine.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A safetensors header. Reading parses it and checks it against the file: every entry
 * well-formed, and the entries' byte ranges tiling the data buffer exactly (no overlap, no gap,
 * nothing past the end); any violation is an {@link InvalidInputException} naming the file and
 * the problem. Writing encodes it for tensors laid out one after another.
 */
record SafeTensorsHeader(List<Entry> entries, Map<String, String> metadata, long dataStart) {

    /** One tensor: byte range [begin, end) relative to the start of the data buffer. */
    record Entry(String name, FileDType dtype, int[] shape, long begin, long end) {
    }

    static final String METADATA_KEY = "__metadata__";

    /** The reference implementation's limit; a longer header is a corrupt length, not a real header. */
    static final long MAX_HEADER_BYTES = 100_000_000;

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    static SafeTensorsHeader read(FileChannel channel, Path file) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw invalid(file, "not a safetensors file: " + fileSize + " bytes, shorter than the 8-byte header length");
        }
        long headerLength = readFully(channel, 0, 8, file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        // unsigned on disk: a negative long is a length above 2^63
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw invalid(file, "header length " + Long.toUnsignedString(headerLength) + " is larger than the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (headerLength > fileSize - 8) {
            throw invalid(file, "header length " + headerLength + " runs past the end of the file (" + fileSize + " bytes)");
        }
        String text = decodeUtf8(readFully(channel, 8, (int) headerLength, file), file);
        Map<String, JsonNode> fields = parseObject(text, file);
        Map<String, String> metadata = Map.of();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : fields.entrySet()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(field.getValue(), file);
            } else {
                entries.add(parseEntry(field.getKey(), field.getValue(), file));
            }
        }
        checkLayout(entries, fileSize - 8 - headerLength, file);
        return new SafeTensorsHeader(Collections.unmodifiableList(entries), metadata, 8 + headerLength);
    }

    /** The header JSON (metadata first, then the tensors in data order), padded with spaces to a multiple of 8 bytes. */
    static byte[] encode(List<Map.Entry<String, Tensor>> order, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA_KEY);
            metadata.forEach((key, value) -> {
                if (key == null || value == null) {
                    throw new IllegalArgumentException("safetensors metadata needs non-null keys and values, got " + key + " → " + value);
                }
                meta.put(key, value);
            });
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : order) {
            Tensor t = e.getValue();
            FileDType dtype = FileDType.of(t.dtype());
            long end = offset + (long) t.numel() * dtype.byteSize();
            ObjectNode entry = root.putObject(e.getKey());
            entry.put("dtype", dtype.name());
            ArrayNode shape = entry.putArray("shape");
            for (int d : t.shape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length, Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw invalid(file, "file ended while reading its header");
            }
        }
        return buffer.flip();
    }

    private static String decodeUtf8(ByteBuffer bytes, Path file) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid(file, "header is not valid UTF-8");
        }
    }

    /** The top-level object's fields in file order; read field by field so a repeated tensor name is caught. */
    private static Map<String, JsonNode> parseObject(String text, Path file) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw invalid(file, "header is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (fields.put(name, JSON.readTree(parser)) != null) {
                    throw invalid(file, "duplicate tensor name '" + name + "' in the header");
                }
            }
            // the padding the spec allows is whitespace, which the parser skips
            if (parser.nextToken() != null) {
                throw invalid(file, "header has content after its JSON object");
            }
        } catch (JsonProcessingException e) {
            throw invalid(file, "header is not valid JSON: " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw invalid(file, "header is not valid JSON: " + oneLine(e.getMessage()));
        }
        return fields;
    }

    private static Map<String, String> parseMetadata(JsonNode node, Path file) {
        if (node == null || !node.isObject()) {
            throw invalid(file, "\"" + METADATA_KEY + "\" is not a JSON object of strings");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw invalid(file, "\"" + METADATA_KEY + "\" must map strings to strings, but '" + field.getKey() + "' maps to "
                        + field.getValue());
            }
            metadata.put(field.getKey(), field.getValue().textValue());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static Entry parseEntry(String name, JsonNode node, Path file) {
        if (node == null || !node.isObject()) {
            throw invalid(file, "tensor '" + name + "' is not a JSON object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw invalid(file, "tensor '" + name + "' has no string \"dtype\"");
        }
        FileDType dtype = FileDType.parse(dtypeNode.textValue());
        if (dtype == null) {
            throw invalid(file, "tensor '" + name + "' has dtype '" + dtypeNode.textValue() + "', which Lathe does not read (it reads "
                    + Arrays.stream(FileDType.values()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
        }
        long[] dims = integers(node.get("shape"), -1, name, "shape", file);
        int[] shape = new int[dims.length];
        long numel = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw invalid(file, "tensor '" + name + "' has a negative dimension in shape " + Arrays.toString(dims));
            }
            if (dims[i] > Integer.MAX_VALUE) {
                throw invalid(file, "tensor '" + name + "' has shape " + Arrays.toString(dims) + ", a dimension above 2^31-1");
            }
            shape[i] = (int) dims[i];
            // saturates at 2^31 so the product cannot overflow
            numel = Math.min(numel * dims[i], 1L << 31);
        }
        if (numel > Integer.MAX_VALUE) {
            throw invalid(file, "tensor '" + name + "' has shape " + Arrays.toString(dims) + ", more than the 2^31-1 elements a Lathe tensor holds");
        }
        long[] offsets = integers(node.get("data_offsets"), 2, name, "data_offsets", file);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin < 0 || end < 0) {
            throw invalid(file, "tensor '" + name + "' has negative data_offsets " + Arrays.toString(offsets));
        }
        if (begin > end) {
            throw invalid(file, "tensor '" + name + "' has data_offsets " + Arrays.toString(offsets) + " that begin after they end");
        }
        long needed = numel * dtype.byteSize();
        if (end - begin != needed) {
            throw invalid(file, "tensor '" + name + "' spans " + (end - begin) + " bytes but shape " + Arrays.toString(dims) + " of "
                    + dtype + " needs " + needed);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** A JSON array of integers that fit a long ({@code length} of them, or any number when -1). */
    private static long[] integers(JsonNode node, int length, String name, String field, Path file) {
        String expected = "tensor '" + name + "' needs \"" + field + "\" as an array of " + (length < 0 ? "" : length + " ") + "integers";
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw invalid(file, expected + ", got " + node);
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode item = node.get(i);
            if (!item.isIntegralNumber() || !item.canConvertToLong()) {
                throw invalid(file, expected + ", got " + node);
            }
            values[i] = item.longValue();
        }
        return values;
    }

    /** Sorted by position, the ranges must follow each other from 0 to exactly the data buffer's size. */
    private static void checkLayout(List<Entry> entries, long dataBytes, Path file) {
        List<Entry> byPosition = new ArrayList<>(entries);
        byPosition.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : byPosition) {
            if (e.begin() < covered) {
                throw invalid(file, "tensors '" + previous.name() + "' " + range(previous) + " and '" + e.name() + "' " + range(e)
                        + " overlap");
            }
            if (e.begin() > covered) {
                throw invalid(file, "bytes [" + covered + ", " + e.begin() + ") of the data belong to no tensor (a gap before '"
                        + e.name() + "')");
            }
            covered = e.end();
            previous = e;
        }
        if (covered > dataBytes) {
            throw invalid(file, "truncated: tensor '" + previous.name() + "' ends at data byte " + covered + " but the file holds only "
                    + dataBytes + " bytes of data");
        }
        if (covered < dataBytes) {
            throw invalid(file, "the last " + (dataBytes - covered) + " bytes of the data belong to no tensor (the tensors cover "
                    + covered + " of " + dataBytes + ")");
        }
    }

    private static String range(Entry e) {
        return "[" + e.begin() + ", " + e.end() + ")";
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ");
    }

    static InvalidInputException invalid(Path file, String problem) {
        return new InvalidInputException(file + ": " + problem);
    }
}
