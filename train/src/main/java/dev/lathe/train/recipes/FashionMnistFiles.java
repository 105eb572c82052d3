package dev.lathe.train.recipes;

import dev.lathe.engine.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Fashion-MNIST's files: IDX arrays of unsigned bytes, gzip-compressed or not. */
final class FashionMnistFiles {

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private FashionMnistFiles() {
    }

    /** Pixel values 0 … 255 of {@code dims} = [count, rows, columns] images. */
    record Images(float[] pixels, int[] dims) {
    }

    static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int[] dims = header(file, in, IMAGES_MAGIC, 3);
            byte[] bytes = body(file, in, (long) dims[0] * dims[1] * dims[2]);
            float[] pixels = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                pixels[i] = bytes[i] & 0xff;
            }
            return new Images(pixels, dims);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int[] dims = header(file, in, LABELS_MAGIC, 1);
            byte[] bytes = body(file, in, dims[0]);
            int[] labels = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                labels[i] = bytes[i] & 0xff;
            }
            return labels;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
        raw.reset();
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw);
    }

    private static int[] header(Path file, DataInputStream in, int magic, int rank) throws IOException {
        try {
            int found = in.readInt();
            if (found != magic) {
                throw new InvalidInputException(file + ": not an IDX file of unsigned bytes with " + rank + " dimension"
                        + (rank == 1 ? "" : "s") + " (magic number 0x" + Integer.toHexString(found) + ")");
            }
            int[] dims = new int[rank];
            for (int d = 0; d < rank; d++) {
                dims[d] = in.readInt();
                if (dims[d] < 1) {
                    throw new InvalidInputException(file + ": dimension " + d + " is " + dims[d]);
                }
            }
            return dims;
        } catch (EOFException e) {
            throw new InvalidInputException(file + ": the IDX header is truncated", e);
        }
    }

    private static byte[] body(Path file, DataInputStream in, long size) throws IOException {
        if (size > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(file + ": " + size + " values are too many to hold in one array");
        }
        byte[] bytes = new byte[(int) size];
        try {
            in.readFully(bytes);
        } catch (EOFException e) {
            throw new InvalidInputException(file + ": truncated, the header announces " + size + " values", e);
        }
        return bytes;
    }
}
