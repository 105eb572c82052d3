package dev.lathe.train.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The IDX format of MNIST and Fashion-MNIST, plain or gzip-compressed (recognised by the gzip
 * magic, not the file name): the magic {@code 0x00 0x00 type dims}, then {@code dims} big-endian
 * int32 sizes, then the values big-endian in C order. Types: 0x08 ubyte, 0x09 byte, 0x0B short,
 * 0x0C int (read as ints), 0x0D float, 0x0E double (read as floats).
 */
public final class IdxReader {

    private IdxReader() {
    }

    public static NdArray read(Path file) {
        try (InputStream raw = DataFiles.open(file)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1F && raw.read() == 0x8B;
            raw.reset();
            if (!gzip) {
                return read(raw, file);
            }
            try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
                return read(in, file);
            } catch (IOException e) {
                // a damaged or cut gzip stream surfaces as an IOException from the inflater
                throw DataFiles.invalid(file, "corrupt gzip data: " + e.getMessage());
            }
        } catch (IOException e) {
            throw DataFiles.cannotRead(file, e);
        }
    }

    /**
     * Images and labels as a dataset: images [N, H, W] become [N, 1, H, W] (other ranks keep their
     * shape), every value multiplied by {@code scale} (1/255 for pixels in [0, 1]); labels [N] are
     * class indices.
     */
    public static ArrayDataset dataset(Path images, Path labels, float scale) {
        return ArrayFiles.dataset(read(images), images, read(labels), labels, scale, true);
    }

    private static NdArray read(InputStream in, Path file) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw DataFiles.invalid(file, "too short for an IDX header: " + magic.length + " bytes");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw DataFiles.invalid(file, String.format("not an IDX file: it starts with 0x%02X 0x%02X, not 0x00 0x00",
                    magic[0] & 0xFF, magic[1] & 0xFF));
        }
        ElementType type = type(magic[2] & 0xFF, file);
        int rank = magic[3] & 0xFF;
        if (rank == 0) {
            throw DataFiles.invalid(file, "the IDX header declares 0 dimensions");
        }
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw DataFiles.invalid(file, "truncated header: " + rank + " dimensions need " + 4 * rank + " bytes, found "
                    + dimBytes.length);
        }
        ByteBuffer dimBuffer = ByteBuffer.wrap(dimBytes).order(ByteOrder.BIG_ENDIAN);
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = dimBuffer.getInt();
            if (dims[i] < 0) {
                throw DataFiles.invalid(file, "dimension " + i + " is " + Integer.toUnsignedString(dims[i]) + ", too large");
            }
        }
        return ArrayData.read(in, type, ByteOrder.BIG_ENDIAN, dims, 4 + 4L * rank, file);
    }

    private static ElementType type(int code, Path file) {
        return switch (code) {
            case 0x08 -> ElementType.UINT8;
            case 0x09 -> ElementType.INT8;
            case 0x0B -> ElementType.INT16;
            case 0x0C -> ElementType.INT32;
            case 0x0D -> ElementType.FLOAT32;
            case 0x0E -> ElementType.FLOAT64;
            default -> throw DataFiles.invalid(file, String.format("unknown IDX data type 0x%02X", code));
        };
    }
}
