package dev.lathe.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Generator;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.Storage;
import dev.lathe.engine.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @TempDir
    Path dir;

    private static Sequential mlp(long seed, int hidden) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(4, hidden, true, g), new Linear(hidden, 3, true, g), new Linear(3, 2, false, g));
    }

    private static int[] bits(Tensor t) {
        float[] v = t.toFloatArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }

    @Test
    void saveThenLoadReproducesEveryParameterBitForBit() {
        Path file = dir.resolve("mlp.safetensors");
        try (Sequential saved = mlp(1, 5); Sequential loaded = mlp(2, 5)) {
            Map<String, Tensor> before = loaded.stateDict();
            assertFalse(Arrays.equals(bits(saved.stateDict().get("0.weight")), bits(before.get("0.weight"))), "different seeds");

            Checkpoint.save(saved, file);
            Checkpoint.load(loaded, file);

            assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "2.weight"), List.copyOf(loaded.stateDict().keySet()));
            for (Map.Entry<String, Tensor> e : saved.stateDict().entrySet()) {
                Tensor mine = loaded.stateDict().get(e.getKey());
                assertArrayEquals(e.getValue().shape(), mine.shape(), e.getKey());
                assertArrayEquals(bits(e.getValue()), bits(mine), e.getKey());
                assertTrue(mine.requiresGrad(), e.getKey() + " stays trainable");
            }
        }
    }

    @Test
    void f64ParametersRoundTripExactly() {
        Path file = dir.resolve("f64.safetensors");
        try (Sequential saved = mlp(3, 5); Sequential loaded = mlp(4, 5)) {
            saved.to(DType.F64);
            loaded.to(DType.F64);
            Checkpoint.save(saved, file);
            Checkpoint.load(loaded, file);
            for (String name : saved.stateDict().keySet()) {
                assertEquals(DType.F64, loaded.stateDict().get(name).dtype());
                assertArrayEquals(saved.stateDict().get(name).toDoubleArray(), loaded.stateDict().get(name).toDoubleArray(), 0.0, name);
            }
        }
    }

    @Test
    void metadataIsSavedWithThePytorchFormatTag() {
        Path file = dir.resolve("meta.safetensors");
        String spec = "{\"layers\":[{\"type\":\"linear\",\"out\":5}]}";
        try (Sequential model = mlp(1, 5)) {
            Checkpoint.save(model, file, Map.of("lathe.spec", spec));
        }
        assertEquals(Map.of("format", "pt", "lathe.spec", spec), Checkpoint.metadata(file));
    }

    @Test
    void aDifferentShapeNamesTheFileTheEntryAndBothShapesAndChangesNothing() {
        Path file = dir.resolve("small.safetensors");
        try (Sequential saved = mlp(1, 5); Sequential wider = mlp(2, 6)) {
            Checkpoint.save(saved, file);
            int[] before = bits(wider.stateDict().get("2.weight"));
            long live = Storage.liveCount();
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Checkpoint.load(wider, file));
            String m = e.getMessage();
            assertTrue(m.startsWith(file + ": "), m);
            assertTrue(m.contains("'0.weight' has shape [5, 4] but the model's is [6, 4]"), m);
            assertArrayEquals(before, bits(wider.stateDict().get("2.weight")), "a failed load leaves the model as it was");
            assertEquals(live, Storage.liveCount(), "the file's tensors are freed");
        }
    }

    @Test
    void strictLoadingRejectsMissingEntriesAndLenientLoadingSkipsThem() {
        Path file = dir.resolve("two.safetensors");
        Generator g = new Generator(9);
        try (Sequential two = new Sequential(new Linear(4, 5, true, g), new Linear(5, 3, true, g)); Sequential three = mlp(2, 5)) {
            Checkpoint.save(two, file);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Checkpoint.load(three, file));
            assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
            assertTrue(e.getMessage().contains("missing [2.weight], unexpected []"), e.getMessage());

            Checkpoint.load(three, file, false);
            assertArrayEquals(bits(two.stateDict().get("1.bias")), bits(three.stateDict().get("1.bias")));
        }
    }
}
