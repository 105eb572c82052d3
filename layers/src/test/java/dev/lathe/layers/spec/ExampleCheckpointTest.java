package dev.lathe.layers.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.autograd.GradMode;
import dev.lathe.layers.Checkpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every example model saved as safetensors and loaded into a zeroed copy of itself comes back bit
 * for bit; the file's header, read as any safetensors reader reads it, lists every state-dict entry
 * with its shape, and the spec travels in the metadata.
 */
class ExampleCheckpointTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mlp-tiny", "mlp-fashion", "cnn-fashion", "cnn-binary", "text-gap", "lstm", "bert-tiny", "bert-base"})
    void saveThenLoadReproducesEveryParameter(String example) throws IOException {
        Path specFile = Path.of("..", "examples", example + ".json");
        Path file = dir.resolve(example + ".safetensors");
        try (Model saved = ModelBuilder.build(specFile); Model loaded = ModelBuilder.build(specFile)) {
            Checkpoint.save(saved.network(), file, Map.of("lathe.spec", saved.specText()));
            try (GradMode.Restore off = GradMode.noGrad()) {
                for (Tensor t : loaded.network().stateDict().values()) {
                    t.backend().fill(t, 0);
                }
            }
            Checkpoint.load(loaded.network(), file);
            Map<String, Tensor> expected = saved.network().stateDict();
            Map<String, Tensor> actual = loaded.network().stateDict();
            assertEquals(expected.keySet(), actual.keySet());
            for (String name : expected.keySet()) {
                assertBitsEqual(name, expected.get(name), actual.get(name));
            }
            assertEquals(saved.specText(), Checkpoint.metadata(file).get("lathe.spec"));
            assertHeaderListsTheStateDict(file, expected);
        }
    }

    private static void assertBitsEqual(String name, Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), name);
        switch (expected.dtype()) {
            case I32 -> assertArrayEquals(expected.toIntArray(), actual.toIntArray(), name);
            default -> {
                float[] e = expected.toFloatArray();
                float[] a = actual.toFloatArray();
                for (int i = 0; i < e.length; i++) {
                    if (Float.floatToRawIntBits(e[i]) != Float.floatToRawIntBits(a[i])) {
                        throw new AssertionError(name + "[" + i + "]: saved " + e[i] + ", loaded " + a[i]);
                    }
                }
                assertFalse(e.length > 1 && allZero(e) && !name.contains("bias") && !name.contains("running_mean"),
                        name + " was never initialised");
            }
        }
    }

    private static boolean allZero(float[] values) {
        for (float v : values) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /** The published layout: an 8-byte little-endian header length, then a JSON object naming each tensor. */
    private static void assertHeaderListsTheStateDict(Path file, Map<String, Tensor> state) throws IOException {
        JsonNode header;
        try (InputStream in = Files.newInputStream(file)) {
            long length = ByteBuffer.wrap(in.readNBytes(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertTrue(length > 0 && length < Files.size(file), "header length " + length);
            header = new ObjectMapper().readTree(new String(in.readNBytes((int) length), StandardCharsets.UTF_8));
        }
        assertEquals(state.size() + 1, header.size(), "one entry per tensor plus __metadata__");
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            JsonNode entry = header.get(e.getKey());
            assertTrue(entry != null, "header lacks " + e.getKey());
            int[] shape = new int[entry.get("shape").size()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = entry.get("shape").get(d).intValue();
            }
            assertEquals(Arrays.toString(e.getValue().shape()), Arrays.toString(shape), e.getKey());
            assertEquals(e.getValue().dtype() == dev.lathe.engine.DType.I32 ? "I32" : "F32", entry.get("dtype").textValue(), e.getKey());
        }
    }
}
