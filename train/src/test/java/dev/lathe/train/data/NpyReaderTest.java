package dev.lathe.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyReaderTest {

    @TempDir
    Path dir;

    /**
     * An .npy file by the published format: \x93NUMPY, major, minor, the header length (uint16 LE
     * in 1.0, uint32 LE in 2.0/3.0), the dict padded with spaces and ended by a newline so the
     * data starts at a multiple of 64, then the data.
     */
    private Path npy(String name, int major, String dict, byte[] data) throws IOException {
        int lengthBytes = major == 1 ? 2 : 4;
        int prefix = 6 + 2 + lengthBytes;
        int padding = 64 - (prefix + dict.length() + 1) % 64;
        byte[] header = (dict + " ".repeat(padding % 64) + "\n").getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer length = ByteBuffer.allocate(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            length.putShort((short) header.length);
        } else {
            length.putInt(header.length);
        }
        out.write(length.array());
        out.write(header);
        out.write(data);
        Path file = dir.resolve(name);
        Files.write(file, out.toByteArray());
        return file;
    }

    private static String dict(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void readsEachDtype() throws IOException {
        NdArray f4 = NpyReader.read(npy("f4", 1, dict("<f4", "(2, 2)"), le(16).putFloat(1).putFloat(-2.5f).putFloat(0.125f).putFloat(3e9f).array()));
        assertArrayEquals(new int[] {2, 2}, f4.shape());
        assertArrayEquals(new float[] {1, -2.5f, 0.125f, 3e9f}, f4.floats());
        NdArray f8 = NpyReader.read(npy("f8", 1, dict("<f8", "(2,)"), le(16).putDouble(0.1).putDouble(-7).array()));
        assertArrayEquals(new float[] {(float) 0.1, -7}, f8.floats());
        NdArray i4 = NpyReader.read(npy("i4", 1, dict("<i4", "(3,)"), le(12).putInt(-1).putInt(0).putInt(2_000_000_000).array()));
        assertArrayEquals(new int[] {-1, 0, 2_000_000_000}, i4.ints());
        NdArray i8 = NpyReader.read(npy("i8", 1, dict("<i8", "(2,)"), le(16).putLong(-5).putLong(Integer.MAX_VALUE).array()));
        assertArrayEquals(new int[] {-5, Integer.MAX_VALUE}, i8.ints());
        NdArray u1 = NpyReader.read(npy("u1", 1, dict("|u1", "(2,)"), new byte[] {(byte) 200, 3}));
        assertArrayEquals(new int[] {200, 3}, u1.ints());
        NdArray i1 = NpyReader.read(npy("i1", 1, dict("|i1", "(2,)"), new byte[] {(byte) 200, 3}));
        assertArrayEquals(new int[] {-56, 3}, i1.ints());
        NdArray scalar = NpyReader.read(npy("scalar", 1, dict("<i4", "()"), le(4).putInt(42).array()));
        assertArrayEquals(new int[0], scalar.shape());
        assertArrayEquals(new int[] {42}, scalar.ints());
    }

    @Test
    void readsVersionTwoAndThreeHeaders() throws IOException {
        NdArray v2 = NpyReader.read(npy("v2", 2, dict("<f4", "(1, 2)"), le(8).putFloat(4).putFloat(5).array()));
        assertArrayEquals(new int[] {1, 2}, v2.shape());
        assertArrayEquals(new float[] {4, 5}, v2.floats());
        String reordered = "{\"shape\": (2,), \"fortran_order\": False, \"descr\": \"<i4\"}";
        assertArrayEquals(new int[] {6, 7}, NpyReader.read(npy("v3", 3, reordered, le(8).putInt(6).putInt(7).array())).ints());
    }

    @Test
    void rejectsFortranOrderTruncationAndOverflow() throws IOException {
        String fortran = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }";
        assertMessage(npy("fortran", 1, fortran, new byte[16]), "fortran_order is True");
        assertMessage(npy("cut", 1, dict("<f4", "(2, 3)"), new byte[20]), "needs 24 data bytes");
        assertMessage(npy("cut2", 1, dict("<f4", "(2, 3)"), new byte[20]), "found 20");
        assertMessage(npy("long", 1, dict("<i8", "(2,)"), le(16).putLong(1).putLong(1L << 40).array()),
                "int64 value 1099511627776 at element 1 does not fit in 32 bits");
        assertMessage(npy("extra", 1, dict("|u1", "(2,)"), new byte[3]), "1 bytes follow");
    }

    @Test
    void rejectsMalformedHeaders() throws IOException {
        assertMessage(npy("big", 1, dict(">f4", "(1,)"), new byte[4]), "unsupported dtype '>f4' (big-endian)");
        assertMessage(npy("c8", 1, dict("<c8", "(1,)"), new byte[8]), "unsupported dtype '<c8'");
        assertMessage(npy("keys", 1, "{'descr': '<f4', 'shape': (1,), }", new byte[4]), "the keys must be");
        assertMessage(npy("struct", 1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", new byte[4]),
                "structured dtypes are not supported");
        assertMessage(npy("syntax", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,) ", new byte[4]), "expected ','");
        assertMessage(npy("version", 4, dict("<f4", "(1,)"), new byte[4]), "unsupported NPY version 4.0");
        Path notNpy = dir.resolve("text.npy");
        Files.writeString(notNpy, "hello world");
        assertMessage(notNpy, "not an NPY file");
    }

    @Test
    void writerOutputIsTheHandBuiltFormat() throws IOException {
        Path written = dir.resolve("written.npy");
        float[] values = {1, 2, 3, 4, 5, 6};
        NpyWriter.write(written, values, 2, 3);
        ByteBuffer data = le(24);
        for (float v : values) {
            data.putFloat(v);
        }
        Path expected = npy("expected.npy", 1, dict("<f4", "(2, 3)"), data.array());
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(written));
        assertEquals(0, (Files.size(written) - 24) % 64);

        Path ints = dir.resolve("ints.npy");
        NpyWriter.write(ints, new int[] {-1, 7, 9}, 3);
        NdArray back = NpyReader.read(ints);
        assertArrayEquals(new int[] {3}, back.shape());
        assertArrayEquals(new int[] {-1, 7, 9}, back.ints());
        assertThrows(IllegalArgumentException.class, () -> NpyWriter.write(ints, new int[] {1, 2}, 3));
    }

    @Test
    void buildsClassAndRegressionDatasets() throws IOException {
        Path features = dir.resolve("x.npy");
        NpyWriter.write(features, new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Path classes = dir.resolve("y.npy");
        NpyWriter.write(classes, new int[] {2, 0, 1}, 3);
        ArrayDataset labelled = NpyReader.dataset(features, classes, 1);
        assertTrue(labelled.hasClasses());
        assertArrayEquals(new int[] {2}, labelled.sampleShape());
        assertArrayEquals(new int[] {2, 0, 1}, labelled.labels());

        Path targets = dir.resolve("t.npy");
        NpyWriter.write(targets, new float[] {0.5f, 1.5f, 2.5f}, 3);
        ArrayDataset regression = NpyReader.dataset(features, targets, 0.5f);
        assertFalse(regression.hasClasses());
        try (dev.lathe.engine.MemoryScope scope = dev.lathe.engine.MemoryScope.open()) {
            Batch batch = regression.batch(new int[] {2, 0}, dev.lathe.engine.Device.CPU, false);
            assertArrayEquals(new float[] {2.5f, 3, 0.5f, 1}, batch.inputs().toFloatArray());
            assertArrayEquals(new int[] {2, 1}, batch.targets().shape());
            assertArrayEquals(new float[] {2.5f, 0.5f}, batch.targets().toFloatArray());
        }

        Path negative = dir.resolve("neg.npy");
        NpyWriter.write(negative, new int[] {0, -1, 1}, 3);
        assertMessageOf(() -> NpyReader.dataset(features, negative, 1), negative, "label -1 of sample 1 is negative");
        Path twoD = dir.resolve("y2.npy");
        NpyWriter.write(twoD, new int[] {0, 1, 0, 1, 0, 1}, 3, 2);
        assertMessageOf(() -> NpyReader.dataset(features, twoD, 1), twoD, "class labels must have shape [3] or [3, 1]");
    }

    private static void assertMessage(Path file, String part) {
        assertMessageOf(() -> NpyReader.read(file), file, part);
    }

    private static void assertMessageOf(org.junit.jupiter.api.function.Executable call, Path file, String part) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call);
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(part), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void handBuiltHeaderIsAlignedAsNumpyWritesIt() throws IOException {
        Path file = npy("aligned", 1, dict("<f4", "(1,)"), new byte[4]);
        byte[] bytes = Files.readAllBytes(file);
        // 10 bytes of prefix and a 58-character dict overflow 64 bytes: the data starts at 128
        assertEquals(128 + 4, bytes.length);
        assertEquals('\n', bytes[127]);
        assertTrue(Arrays.equals(Arrays.copyOf(bytes, 6), new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}));
    }
}
