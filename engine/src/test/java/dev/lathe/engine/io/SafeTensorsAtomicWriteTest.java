package dev.lathe.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsAtomicWriteTest {

    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(Path::getFileName).sorted().toList();
        }
    }

    @Test
    void overwritingReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        try (Tensor first = Tensors.of(new float[] {1, 2}, 2); Tensor second = Tensors.of(new float[] {3}, 1)) {
            SafeTensors.write(file, Map.of("w", first), Map.of());
            SafeTensors.write(file, Map.of("v", second), Map.of("step", "2"));
        }
        assertEquals(List.of(Path.of("model.safetensors")), listing());
        try (SafeTensorsContent content = SafeTensors.read(file)) {
            assertEquals(List.of("v"), List.copyOf(content.tensors().keySet()));
            assertEquals(Map.of("step", "2"), content.metadata());
        }
    }

    @Test
    void aFailureMidWriteKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        try (Tensor old = Tensors.of(new float[] {1, 2}, 2)) {
            SafeTensors.write(file, Map.of("w", old), Map.of("version", "old"));
        }
        byte[] before = Files.readAllBytes(file);

        Tensor healthy = Tensors.of(new float[] {5, 6, 7}, 3);
        Tensor closed = Tensors.of(new float[] {8}, 1);
        closed.close();
        // "a" is written first (same dtype, sorted by name); "b" fails after the header and a's data are out
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SafeTensors.write(file, Map.of("a", healthy, "b", closed), Map.of("version", "new")));
        healthy.close();
        assertTrue(e.getMessage().startsWith(file + ": cannot write tensor 'b': "), e.getMessage());

        assertEquals(List.of(Path.of("model.safetensors")), listing());
        assertArrayEquals(before, Files.readAllBytes(file));
        try (SafeTensorsContent content = SafeTensors.read(file)) {
            assertEquals(Map.of("version", "old"), content.metadata());
            assertArrayEquals(new float[] {1, 2}, content.tensors().get("w").toFloatArray());
        }
    }

    @Test
    void aFailedFirstWriteCreatesNothing() throws IOException {
        Tensor closed = Tensors.of(new float[] {8}, 1);
        closed.close();
        Path file = dir.resolve("fresh.safetensors");
        assertThrows(IllegalStateException.class, () -> SafeTensors.write(file, Map.of("x", closed), Map.of()));
        assertEquals(List.of(), listing());
    }

    @Test
    void aMissingFolderIsReportedWithTheFileName() {
        Path file = dir.resolve("no/such/folder/model.safetensors");
        try (Tensor t = Tensors.of(new float[] {1}, 1)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SafeTensors.write(file, Map.of("x", t), Map.of()));
            assertTrue(e.getMessage().startsWith(file + ": cannot write: "), e.getMessage());
        }
    }

    @Test
    void theReservedMetadataNameCannotBeATensorName() {
        try (Tensor t = Tensors.of(new float[] {1}, 1)) {
            assertThrows(IllegalArgumentException.class,
                    () -> SafeTensors.write(dir.resolve("x.safetensors"), Map.of("__metadata__", t), Map.of()));
        }
    }
}
