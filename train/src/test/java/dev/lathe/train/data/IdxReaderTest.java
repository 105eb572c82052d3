package dev.lathe.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.Device;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.MemoryScope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    /** The IDX header by the published layout: 0x00 0x00, the type code, the rank, then big-endian dims. */
    private static ByteBuffer idx(int type, int dataBytes, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + dataBytes); // big-endian by default
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] images() {
        ByteBuffer b = idx(0x08, 12, 2, 2, 3);
        for (int i = 0; i < 12; i++) {
            b.put((byte) (i * 20 + 15)); // 15, 35, ..., 235: bytes above 127 must read unsigned
        }
        return b.array();
    }

    @Test
    void readsPlainAndGzipUbyteImagesAlike() throws IOException {
        int[] expected = new int[12];
        for (int i = 0; i < 12; i++) {
            expected[i] = i * 20 + 15;
        }
        for (Path file : new Path[] {write("plain-idx3-ubyte", images()), write("images.gz", gzip(images()))}) {
            NdArray array = IdxReader.read(file);
            assertArrayEquals(new int[] {2, 2, 3}, array.shape());
            assertTrue(array.isInteger());
            assertArrayEquals(expected, array.ints());
        }
    }

    @Test
    void readsEveryElementTypeBigEndian() throws IOException {
        ByteBuffer bytes = idx(0x09, 2, 2).put((byte) -3).put((byte) 7);
        assertArrayEquals(new int[] {-3, 7}, IdxReader.read(write("b", bytes.array())).ints());
        ByteBuffer shorts = idx(0x0B, 4, 2).putShort((short) -300).putShort((short) 1000);
        assertArrayEquals(new int[] {-300, 1000}, IdxReader.read(write("s", shorts.array())).ints());
        ByteBuffer ints = idx(0x0C, 8, 2).putInt(-70000).putInt(123456789);
        assertArrayEquals(new int[] {-70000, 123456789}, IdxReader.read(write("i", ints.array())).ints());
        ByteBuffer floats = idx(0x0D, 8, 1, 2).putFloat(1.5f).putFloat(-0.25f);
        NdArray f = IdxReader.read(write("f", floats.array()));
        assertArrayEquals(new int[] {1, 2}, f.shape());
        assertArrayEquals(new float[] {1.5f, -0.25f}, f.floats());
        assertNull(f.ints());
        ByteBuffer doubles = idx(0x0E, 16, 2).putDouble(0.1).putDouble(-2e10);
        assertArrayEquals(new float[] {(float) 0.1, (float) -2e10}, IdxReader.read(write("d", doubles.array())).floats());
    }

    @Test
    void truncatedDataNamesExpectedAndActualSizes() throws IOException {
        byte[] full = images();
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 5);
        for (Path file : new Path[] {write("cut", cut), write("cut.gz", gzip(cut))}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.read(file));
            assertTrue(e.getMessage().startsWith(file + ": truncated"), e.getMessage());
            assertTrue(e.getMessage().contains("needs 12 data bytes") && e.getMessage().contains("found 7"), e.getMessage());
        }
    }

    @Test
    void rejectsMalformedHeadersAndTrailingBytes() throws IOException {
        assertMessage(write("magic", new byte[] {1, 0, 8, 1, 0, 0, 0, 0}), "not an IDX file");
        assertMessage(write("type", idx(0x0A, 0, 0).array()), "unknown IDX data type 0x0A");
        assertMessage(write("short", new byte[] {0, 0, 8}), "too short for an IDX header");
        assertMessage(write("dims", java.util.Arrays.copyOf(idx(0x08, 0, 2, 2).array(), 9)), "truncated header");
        byte[] extra = java.util.Arrays.copyOf(images(), images().length + 3);
        assertMessage(write("extra", extra), "3 bytes follow the 12 data bytes");
        byte[] gz = gzip(images());
        assertMessage(write("broken.gz", java.util.Arrays.copyOf(gz, gz.length / 2)), "corrupt gzip data");
        assertMessage(dir.resolve("missing"), "no such file");
    }

    @Test
    void buildsScaledImageDatasetWithChannel() throws IOException {
        Path images = write("images", images());
        Path labels = write("labels", idx(0x08, 2, 2).put((byte) 9).put((byte) 4).array());
        ArrayDataset data = IdxReader.dataset(images, labels, 1f / 255);
        assertEquals(2, data.size());
        assertArrayEquals(new int[] {1, 2, 3}, data.sampleShape());
        assertArrayEquals(new int[] {9, 4}, data.labels());
        assertEquals(10, data.classNames().size());
        try (MemoryScope scope = MemoryScope.open()) {
            Batch batch = data.batch(new int[] {1}, Device.CPU, false);
            assertArrayEquals(new int[] {1, 1, 2, 3}, batch.inputs().shape());
            float[] pixels = batch.inputs().toFloatArray();
            for (int i = 0; i < 6; i++) {
                assertEquals(((6 + i) * 20 + 15) * (1f / 255), pixels[i], 1e-7);
            }
        }
    }

    @Test
    void labelCountMustMatchImageCount() throws IOException {
        Path images = write("images", images());
        Path labels = write("labels", idx(0x08, 3, 3).put((byte) 1).put((byte) 2).put((byte) 3).array());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.dataset(images, labels, 1));
        assertTrue(e.getMessage().startsWith(labels + ": labels of shape [3] do not match the 2 samples"), e.getMessage());
    }

    private static void assertMessage(Path file, String part) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(part), e.getMessage());
    }
}
