package dev.lathe.train.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * NumPy's .npy format, versions 1.0, 2.0 and 3.0: the magic {@code \x93NUMPY}, the version, the
 * header length (2 bytes little-endian in 1.0, 4 in 2.0/3.0), a Python-dict header (Latin-1, UTF-8
 * in 3.0), then the data. Dtypes {@code <f4 <f8} (read as floats), {@code <i2 <i4 <i8 |u1 |i1 |b1}
 * (read as ints; int64 only when every value fits in 32 bits), little-endian, C order only.
 */
public final class NpyReader {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private NpyReader() {
    }

    public static NdArray read(Path file) {
        try (InputStream in = DataFiles.open(file)) {
            byte[] magic = in.readNBytes(MAGIC.length + 2);
            if (magic.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(magic, MAGIC.length), MAGIC)) {
                throw DataFiles.invalid(file, "not an NPY file: it does not start with \\x93NUMPY");
            }
            if (magic.length < MAGIC.length + 2) {
                throw DataFiles.invalid(file, "truncated header: no version");
            }
            int major = magic[6];
            int minor = magic[7];
            if (major < 1 || major > 3 || minor != 0) {
                throw DataFiles.invalid(file, "unsupported NPY version " + major + "." + minor + " (1.0, 2.0 and 3.0 are)");
            }
            int lengthBytes = major == 1 ? 2 : 4;
            byte[] lengthField = in.readNBytes(lengthBytes);
            if (lengthField.length < lengthBytes) {
                throw DataFiles.invalid(file, "truncated header: no header length");
            }
            ByteBuffer lengthBuffer = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = major == 1 ? lengthBuffer.getShort() & 0xFFFF : lengthBuffer.getInt() & 0xFFFFFFFFL;
            if (headerLength > 1 << 24) {
                throw DataFiles.invalid(file, "header length " + headerLength + " is implausibly large");
            }
            byte[] headerBytes = in.readNBytes((int) headerLength);
            if (headerBytes.length < headerLength) {
                throw DataFiles.invalid(file, "truncated header: " + headerLength + " bytes declared, found " + headerBytes.length);
            }
            String text = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            NpyHeader header = NpyHeader.parse(text, file);
            if (header.fortranOrder()) {
                throw DataFiles.invalid(file, "fortran_order is True: only C-order arrays are supported "
                        + "(save np.ascontiguousarray(a) instead)");
            }
            long start = MAGIC.length + 2 + lengthBytes + headerLength;
            return ArrayData.read(in, type(header.descr(), file), ByteOrder.LITTLE_ENDIAN, header.shape(), start, file);
        } catch (IOException e) {
            throw DataFiles.cannotRead(file, e);
        }
    }

    /**
     * Features [N, ...] (times {@code scale}; [N] becomes [N, 1]) with labels [N] or [N, 1]: integer
     * labels are class indices, floating ones regression targets of shape [N, ...] ([N] as [N, 1]).
     */
    public static ArrayDataset dataset(Path features, Path labels, float scale) {
        return ArrayFiles.dataset(read(features), features, read(labels), labels, scale, false);
    }

    private static ElementType type(String descr, Path file) {
        return switch (descr) {
            case "<f4" -> ElementType.FLOAT32;
            case "<f8" -> ElementType.FLOAT64;
            case "<i2" -> ElementType.INT16;
            case "<i4" -> ElementType.INT32;
            case "<i8" -> ElementType.INT64;
            case "|u1", "|b1" -> ElementType.UINT8;
            case "|i1" -> ElementType.INT8;
            default -> throw DataFiles.invalid(file, "unsupported dtype '" + descr + "'"
                    + (descr.startsWith(">") ? " (big-endian)" : "") + ": use <f4, <f8, <i2, <i4, <i8, |u1, |i1 or |b1");
        };
    }
}
