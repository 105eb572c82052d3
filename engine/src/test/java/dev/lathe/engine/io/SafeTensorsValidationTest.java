package dev.lathe.engine.io;

import static dev.lathe.engine.io.HandBuilt.concat;
import static dev.lathe.engine.io.HandBuilt.floats;
import static dev.lathe.engine.io.HandBuilt.lengthPrefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.Storage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each malformed file is rejected with one line that names the file and the problem. */
class SafeTensorsValidationTest {

    @TempDir
    Path dir;

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    private void assertRejected(byte[] fileBytes, String problem) {
        Path file = HandBuilt.write(dir.resolve("bad.safetensors"), fileBytes);
        long live = Storage.liveCount();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SafeTensors.read(file));
        String message = e.getMessage();
        assertTrue(message.startsWith(file + ": "), message);
        assertTrue(message.contains(problem), "expected '" + problem + "' in: " + message);
        assertFalse(message.contains("\n") || message.contains("\r"), "one line: " + message);
        assertEquals(live, Storage.liveCount(), "tensors read before the failure are freed");
    }

    private void assertRejected(String header, byte[] data, String problem) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        assertRejected(concat(lengthPrefix(json.length), json, data), problem);
    }

    @Test
    void fileShorterThanTheLengthPrefix() {
        assertRejected(new byte[] {8, 0, 0, 0, 0}, "5 bytes, shorter than the 8-byte header length");
    }

    @Test
    void headerLengthPastTheEndOfTheFile() {
        assertRejected(concat(lengthPrefix(64), "{}".getBytes(StandardCharsets.UTF_8)), "header length 64 runs past the end of the file (10 bytes)");
    }

    @Test
    void absurdHeaderLength() {
        assertRejected(concat(lengthPrefix(200_000_000), new byte[16]), "header length 200000000 is larger than the limit");
        assertRejected(concat(lengthPrefix(-1), new byte[16]), "header length 18446744073709551615 is larger than the limit");
    }

    @Test
    void headerNotJson() {
        assertRejected("{\"a\": {\"dtype\": \"F32\",", new byte[0], "header is not valid JSON");
    }

    @Test
    void headerNotUtf8() {
        assertRejected(concat(lengthPrefix(4), new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'}), "header is not valid UTF-8");
    }

    @Test
    void headerNotAnObject() {
        assertRejected("[1, 2]", new byte[0], "header is not a JSON object");
    }

    @Test
    void contentAfterTheHeaderObject() {
        assertRejected("{} {}", new byte[0], "header has content after its JSON object");
    }

    @Test
    void entryNotAnObject() {
        assertRejected("{\"a\": [1]}", new byte[0], "tensor 'a' is not a JSON object");
    }

    @Test
    void entryMissingDtype() {
        assertRejected("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", floats(1), "tensor 'a' has no string \"dtype\"");
    }

    @Test
    void entryWithNonStringDtype() {
        assertRejected("{\"a\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", floats(1), "tensor 'a' has no string \"dtype\"");
    }

    @Test
    void entryMissingShape() {
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", floats(1),
                "tensor 'a' needs \"shape\" as an array of integers, got null");
    }

    @Test
    void entryWithNonIntegerShape() {
        assertRejected("{" + entry("a", "F32", "[1.5]", 0, 4) + "}", floats(1), "tensor 'a' needs \"shape\" as an array of integers, got [1.5]");
        assertRejected("{" + entry("a", "F32", "\"1\"", 0, 4) + "}", floats(1), "tensor 'a' needs \"shape\" as an array of integers");
    }

    @Test
    void entryMissingDataOffsets() {
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", floats(1), "tensor 'a' needs \"data_offsets\" as an array of 2 integers, got null");
    }

    @Test
    void entryWithWrongDataOffsets() {
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", floats(1),
                "tensor 'a' needs \"data_offsets\" as an array of 2 integers, got [0]");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,\"4\"]}}", floats(1),
                "tensor 'a' needs \"data_offsets\" as an array of 2 integers");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}", floats(1),
                "tensor 'a' has negative data_offsets [-4, 0]");
    }

    @Test
    void unknownDtype() {
        assertRejected("{" + entry("a", "U8", "[4]", 0, 4) + "}", floats(1),
                "tensor 'a' has dtype 'U8', which Lathe does not read (it reads F16, BF16, F32, F64, I32, I64)");
    }

    @Test
    void negativeDimension() {
        assertRejected("{" + entry("a", "F32", "[2,-1]", 0, 4) + "}", floats(1), "tensor 'a' has a negative dimension in shape [2, -1]");
    }

    @Test
    void tooManyElements() {
        assertRejected("{" + entry("a", "F32", "[65536,65536]", 0, 4) + "}", floats(1), "more than the 2^31-1 elements a Lathe tensor holds");
    }

    @Test
    void beginAfterEnd() {
        assertRejected("{" + entry("a", "F32", "[0]", 4, 0) + "}", floats(1), "tensor 'a' has data_offsets [4, 0] that begin after they end");
    }

    @Test
    void byteSizeDisagreesWithShape() {
        assertRejected("{" + entry("a", "F32", "[2,2]", 0, 12) + "}", floats(1, 2, 3),
                "tensor 'a' spans 12 bytes but shape [2, 2] of F32 needs 16");
    }

    @Test
    void overlappingTensors() {
        assertRejected("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}", floats(1, 2, 3),
                "tensors 'a' [0, 8) and 'b' [4, 12) overlap");
    }

    @Test
    void gapBetweenTensors() {
        assertRejected("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}", floats(1, 2, 3),
                "bytes [4, 8) of the data belong to no tensor (a gap before 'b')");
    }

    @Test
    void dataBufferNotStartingAtZero() {
        assertRejected("{" + entry("a", "F32", "[1]", 4, 8) + "}", floats(1, 2), "bytes [0, 4) of the data belong to no tensor");
    }

    @Test
    void bytesAfterTheLastTensor() {
        assertRejected("{" + entry("a", "F32", "[1]", 0, 4) + "}", floats(1, 2), "the last 4 bytes of the data belong to no tensor");
    }

    @Test
    void truncatedFile() {
        assertRejected("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[3]", 4, 16) + "}", floats(1, 2),
                "truncated: tensor 'b' ends at data byte 16 but the file holds only 8 bytes of data");
    }

    @Test
    void duplicateNames() {
        assertRejected("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("a", "F32", "[1]", 4, 8) + "}", floats(1, 2),
                "duplicate tensor name 'a' in the header");
    }

    @Test
    void metadataNotAStringMap() {
        String a = entry("a", "F32", "[1]", 0, 4);
        assertRejected("{\"__metadata__\":{\"epoch\":3}," + a + "}", floats(1),
                "\"__metadata__\" must map strings to strings, but 'epoch' maps to 3");
        assertRejected("{\"__metadata__\":[\"x\"]," + a + "}", floats(1), "\"__metadata__\" is not a JSON object of strings");
        assertRejected("{\"__metadata__\":\"x\"," + a + "}", floats(1), "\"__metadata__\" is not a JSON object of strings");
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("absent.safetensors");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SafeTensors.read(file));
        assertEquals(file + ": no such file", e.getMessage());
        assertThrows(InvalidInputException.class, () -> SafeTensors.readMetadata(file));
    }

    @Test
    void metadataReaderChecksTheHeaderToo() {
        Path file = HandBuilt.file(dir, "gap.safetensors", "{" + entry("a", "F32", "[1]", 0, 4) + "}", floats(1, 2));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SafeTensors.readMetadata(file));
        assertTrue(e.getMessage().contains("belong to no tensor"), e.getMessage());
    }
}
