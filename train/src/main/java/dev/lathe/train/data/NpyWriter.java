package dev.lathe.train.data;

import dev.lathe.engine.Shapes;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

/** Writes float32 and int32 arrays as NPY 1.0 files, C order, header padded to 64 bytes as NumPy does. */
public final class NpyWriter {

    private static final int CHUNK = 1 << 14;

    private NpyWriter() {
    }

    public static void write(Path file, float[] values, int... shape) {
        write(file, "<f4", values.length, shape, (buffer, i) -> buffer.putFloat(values[i]));
    }

    public static void write(Path file, int[] values, int... shape) {
        write(file, "<i4", values.length, shape, (buffer, i) -> buffer.putInt(values[i]));
    }

    private interface Put {
        void put(ByteBuffer buffer, int index);
    }

    private static void write(Path file, String descr, int count, int[] shape, Put put) {
        Shapes.checkDims(shape);
        if (Shapes.numel(shape) != count) {
            throw new IllegalArgumentException("NPY " + file + ": shape [" + Shapes.format(shape) + "] needs "
                    + Shapes.numel(shape) + " values, got " + count);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(header(descr, shape));
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                put.put(buffer, i);
                if (!buffer.hasRemaining()) {
                    out.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
            }
            out.write(buffer.array(), 0, buffer.position());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    private static byte[] header(String descr, int[] shape) {
        StringJoiner dims = new StringJoiner(", ", "(", shape.length == 1 ? ",)" : ")");
        for (int d : shape) {
            dims.add(Integer.toString(d));
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + dims + ", }";
        int unpadded = NpyReader.MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(padding) + "\n";
        ByteBuffer header = ByteBuffer.allocate(NpyReader.MAGIC.length + 4 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        header.put(NpyReader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        header.put(text.getBytes(StandardCharsets.ISO_8859_1));
        return header.array();
    }
}
