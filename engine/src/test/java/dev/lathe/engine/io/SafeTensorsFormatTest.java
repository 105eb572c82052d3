package dev.lathe.engine.io;

import static dev.lathe.engine.io.HandBuilt.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.engine.DType;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interchange with other safetensors readers and writers, checked against the published layout alone. */
class SafeTensorsFormatTest {

    @TempDir
    Path dir;

    @Test
    void readsAFileBuiltByHandFromTheSpec() {
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"b\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[24,32]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"s\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[32,40]},"
                + "\"e\":{\"dtype\":\"F32\",\"shape\":[0,2],\"data_offsets\":[40,40]}}   ";
        byte[] data = concat(HandBuilt.floats(1.5f, -2, 0, 3.25f, 1e-3f, -0f), HandBuilt.ints(7, -9),
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(Math.PI).array());
        Path file = HandBuilt.file(dir, "hand.safetensors", header, data);
        try (SafeTensorsContent content = SafeTensors.read(file)) {
            assertEquals(List.of("b", "a", "s", "e"), List.copyOf(content.tensors().keySet()), "header order");
            assertEquals(Map.of("format", "pt"), content.metadata());
            Tensor a = content.tensors().get("a");
            assertEquals(DType.F32, a.dtype());
            assertArrayEquals(new int[] {2, 3}, a.shape());
            assertArrayEquals(new float[] {1.5f, -2, 0, 3.25f, 1e-3f, -0f}, a.toFloatArray());
            assertArrayEquals(new int[] {7, -9}, content.tensors().get("b").toIntArray());
            Tensor s = content.tensors().get("s");
            assertEquals(0, s.dim());
            assertEquals(Math.PI, s.item());
            assertArrayEquals(new int[] {0, 2}, content.tensors().get("e").shape());
        }
    }

    @Test
    void readsAnUnpaddedHeaderWithoutMetadata() {
        Path file = HandBuilt.file(dir, "tight.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                HandBuilt.floats(42));
        try (SafeTensorsContent content = SafeTensors.read(file)) {
            assertArrayEquals(new float[] {42}, content.tensors().get("w").toFloatArray());
            assertEquals(Map.of(), content.metadata());
        }
        assertEquals(Map.of(), SafeTensors.readMetadata(file));
    }

    /** What any safetensors reader does: length prefix, JSON header, byte ranges, little-endian decoding. */
    @Test
    void fileWrittenByLatheParsesWithAMinimalIndependentReader() throws IOException {
        Path file = dir.resolve("lathe.safetensors");
        try (MemoryScope scope = MemoryScope.open()) {
            SafeTensors.write(file, Map.of(
                    "layer.weight", Tensors.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2).transpose(0, 1),
                    "layer.bias", Tensors.of(new float[] {-0.5f}, 1),
                    "steps", Tensors.of(new int[] {3, 1, 4}, 3),
                    "scale", Tensors.of(new double[] {0.1}),
                    "nothing", Tensors.zeros(0)), Map.of("format", "pt"));
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer all = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = all.getLong(0);
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        int dataStart = 8 + (int) n;
        assertEquals("pt", header.get("__metadata__").get("format").textValue());
        assertEquals(6, header.size());

        // the ranges, sorted, tile the data buffer
        List<long[]> ranges = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : header.properties()) {
            if (!e.getKey().equals("__metadata__")) {
                ranges.add(new long[] {e.getValue().get("data_offsets").get(0).longValue(), e.getValue().get("data_offsets").get(1).longValue()});
            }
        }
        ranges.sort((x, y) -> Long.compare(x[0], y[0]) != 0 ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        long at = 0;
        for (long[] r : ranges) {
            assertEquals(at, r[0]);
            at = r[1];
        }
        assertEquals(bytes.length - dataStart, at);

        JsonNode w = header.get("layer.weight");
        assertEquals("F32", w.get("dtype").textValue());
        assertEquals("[2,3]", w.get("shape").toString());
        int begin = dataStart + w.get("data_offsets").get(0).intValue();
        float[] weight = new float[6];
        for (int i = 0; i < 6; i++) {
            weight[i] = all.getFloat(begin + 4 * i);
        }
        assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, weight, "C order of the transposed view");

        JsonNode steps = header.get("steps");
        assertEquals("I32", steps.get("dtype").textValue());
        int s = dataStart + steps.get("data_offsets").get(0).intValue();
        assertArrayEquals(new int[] {3, 1, 4}, new int[] {all.getInt(s), all.getInt(s + 4), all.getInt(s + 8)});

        JsonNode scale = header.get("scale");
        assertEquals("F64", scale.get("dtype").textValue());
        assertEquals("[]", scale.get("shape").toString());
        assertEquals(0.1, all.getDouble(dataStart + scale.get("data_offsets").get(0).intValue()));
        assertEquals(0, (dataStart + scale.get("data_offsets").get(0).intValue()) % 8, "F64 data is 8-byte aligned");

        assertEquals("[0]", header.get("nothing").get("shape").toString());
        assertEquals(header.get("nothing").get("data_offsets").get(0), header.get("nothing").get("data_offsets").get(1));
        assertEquals(-0.5f, all.getFloat(dataStart + header.get("layer.bias").get("data_offsets").get(0).intValue()));
    }

    private Tensor readSingle(String dtype, int count, byte[] data) {
        String header = "{\"t\":{\"dtype\":\"" + dtype + "\",\"shape\":[" + count + "],\"data_offsets\":[0," + data.length + "]}}";
        try (SafeTensorsContent content = SafeTensors.read(HandBuilt.file(dir, dtype + ".safetensors", header, data))) {
            return Tensors.copyOf(content.tensors().get("t"));
        }
    }

    @Test
    void f16WidensToF32Exactly() {
        // sign | 5-bit exponent (bias 15) | 10-bit mantissa, worked out by hand
        float[] expected = {
            1f,                         // 0x3C00: 2^0
            -2f,                        // 0xC000: -2^1
            65504f,                     // 0x7BFF: (2 - 2^-10) × 2^15, the largest finite
            0x1p-14f,                   // 0x0400: the smallest normal
            0x1p-24f,                   // 0x0001: the smallest subnormal, 1 × 2^-24
            1023 * 0x1p-24f,            // 0x03FF: the largest subnormal
            1365f / 4096f,              // 0x3555: (1 + 341/1024) × 2^-2
            -0f,                        // 0x8000
            Float.POSITIVE_INFINITY,    // 0x7C00
            Float.NEGATIVE_INFINITY,    // 0xFC00
        };
        byte[] data = HandBuilt.shorts(0x3C00, 0xC000, 0x7BFF, 0x0400, 0x0001, 0x03FF, 0x3555, 0x8000, 0x7C00, 0xFC00, 0x7E00);
        try (Tensor t = readSingle("F16", 11, data)) {
            assertEquals(DType.F32, t.dtype());
            float[] got = t.toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got[i]), "element " + i);
            }
            assertTrue(Float.isNaN(got[10]), "0x7E00 is NaN");
        }
    }

    @Test
    void bf16WidensToF32Exactly() {
        // bfloat16 is the upper 16 bits of the float
        float[] expected = {
            1f,                         // 0x3F80
            -3f,                        // 0xC040: -(1 + 0.5) × 2^1
            3.140625f,                  // 0x4049: (1 + 73/128) × 2
            0x1p-133f,                  // 0x0001: 2^16 × 2^-149
            -0f,                        // 0x8000
            Float.POSITIVE_INFINITY,    // 0x7F80
        };
        try (Tensor t = readSingle("BF16", 6, HandBuilt.shorts(0x3F80, 0xC040, 0x4049, 0x0001, 0x8000, 0x7F80))) {
            assertEquals(DType.F32, t.dtype());
            float[] got = t.toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got[i]), "element " + i);
            }
        }
    }

    @Test
    void i64NarrowsToI32WhenEveryValueFits() {
        try (Tensor t = readSingle("I64", 4, HandBuilt.longs(0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE))) {
            assertEquals(DType.I32, t.dtype());
            assertArrayEquals(new int[] {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}, t.toIntArray());
        }
    }

    @Test
    void i64OutsideTheI32RangeIsAClearError() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> readSingle("I64", 3, HandBuilt.longs(5, 1L << 31, 7)));
        assertTrue(e.getMessage().contains("I64.safetensors: I64 tensor 't' holds 2147483648 at element 1"), e.getMessage());
    }
}
