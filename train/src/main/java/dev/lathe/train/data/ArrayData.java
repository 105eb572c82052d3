package dev.lathe.train.data;

import dev.lathe.engine.Shapes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Reads the raw element data that follows an array file's header, in chunks, so no second copy
 * of the file sits in memory: integer types become ints (64-bit ones only when every value fits),
 * floating types floats. Missing bytes and bytes past the end of the data are errors.
 */
final class ArrayData {

    private static final int CHUNK = 1 << 16;

    private ArrayData() {
    }

    /** The number of elements of {@code shape}, or an error naming the file when it exceeds an array's reach. */
    static int count(int[] shape, Path file) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw DataFiles.invalid(file, "shape [" + Shapes.format(shape) + "] holds more than 2^31 values");
            }
        }
        return (int) n;
    }

    static NdArray read(InputStream in, ElementType type, ByteOrder order, int[] shape, long headerBytes, Path file)
            throws IOException {
        int count = count(shape, file);
        float[] floats = type.integer ? null : new float[count];
        int[] ints = type.integer ? new int[count] : null;
        byte[] chunk = new byte[CHUNK * type.width];
        ByteBuffer buffer = ByteBuffer.wrap(chunk).order(order);
        int done = 0;
        while (done < count) {
            int want = Math.min(CHUNK, count - done) * type.width;
            int got = in.readNBytes(chunk, 0, want);
            if (got < want) {
                long expected = (long) count * type.width;
                long actual = (long) done * type.width + got;
                throw DataFiles.invalid(file, "truncated: shape [" + Shapes.format(shape) + "] of " + type.name().toLowerCase()
                        + " needs " + expected + " data bytes after the " + headerBytes + "-byte header, found " + actual);
            }
            buffer.clear();
            for (int i = 0; i < want / type.width; i++, done++) {
                if (type.integer) {
                    ints[done] = integer(buffer, type, done, file);
                } else {
                    floats[done] = type == ElementType.FLOAT32 ? buffer.getFloat() : (float) buffer.getDouble();
                }
            }
        }
        long extra = 0;
        for (int n; (n = in.read(chunk)) > 0; ) {
            extra += n;
        }
        if (extra > 0) {
            throw DataFiles.invalid(file, extra + " bytes follow the " + (long) count * type.width + " data bytes of shape ["
                    + Shapes.format(shape) + "]");
        }
        return type.integer ? NdArray.ofInts(ints, shape) : NdArray.ofFloats(floats, shape);
    }

    private static int integer(ByteBuffer buffer, ElementType type, int index, Path file) {
        return switch (type) {
            case UINT8 -> buffer.get() & 0xFF;
            case INT8 -> buffer.get();
            case INT16 -> buffer.getShort();
            case INT32 -> buffer.getInt();
            case INT64 -> {
                long value = buffer.getLong();
                if (value != (int) value) {
                    throw DataFiles.invalid(file, "int64 value " + value + " at element " + index + " does not fit in 32 bits");
                }
                yield (int) value;
            }
            default -> throw new IllegalStateException(type + " is not an integer type");
        };
    }
}
