package dev.lathe.engine.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LayoutStructTest {

    /** layout.cuh, from the engine module's folder (the directory surefire runs in). */
    private static final Path HEADER = Path.of("..", "native", "src", "main", "cuda", "layout.cuh");

    @Test
    void offsetsAreTheOnesTheHeaderAsserts() throws IOException {
        String header = Files.readString(HEADER);
        Map<String, Integer> asserted = new HashMap<>();
        Matcher m = Pattern.compile("static_assert\\((?:offsetof\\(Layout, (\\w+)\\)|(sizeof|alignof)\\(Layout\\)) == (\\d+)").matcher(header);
        while (m.find()) {
            asserted.put(m.group(1) != null ? m.group(1) : m.group(2), Integer.parseInt(m.group(3)));
        }
        assertEquals(Map.of("rank", LayoutStruct.RANK_OFFSET, "pad", LayoutStruct.PAD_OFFSET, "shape", LayoutStruct.SHAPE_OFFSET,
                "stride", LayoutStruct.STRIDE_OFFSET, "sizeof", LayoutStruct.BYTES, "alignof", 8), asserted);
        assertTrue(header.contains("#define LATHE_MAX_RANK " + LayoutStruct.MAX_RANK), "LATHE_MAX_RANK matches MAX_RANK");
        assertEquals(136, LayoutStruct.BYTES);
    }

    @Test
    void bytesHoldRankShapeAndStridesLittleEndianPaddedWithZeros() {
        byte[] b = new LayoutStruct(new long[] {5, 4, 9}, new long[] {9, 0, 1}).bytes();
        assertEquals(136, b.length);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(3, buf.getInt(0));
        assertEquals(0, buf.getInt(4));
        assertEquals(5, buf.getLong(8));
        assertEquals(4, buf.getLong(16));
        assertEquals(9, buf.getLong(24));
        for (int d = 3; d < 8; d++) {
            assertEquals(0, buf.getLong(8 + 8 * d), "shape padding " + d);
            assertEquals(0, buf.getLong(72 + 8 * d), "stride padding " + d);
        }
        assertEquals(9, buf.getLong(72));
        assertEquals(0, buf.getLong(80), "a broadcast dimension has stride 0");
        assertEquals(1, buf.getLong(88));
        // the first byte of a little-endian rank
        assertEquals(3, b[0]);
        assertEquals(0, b[1]);
    }

    @Test
    void largeValuesUseAllEightBytes() {
        byte[] b = new LayoutStruct(new long[] {1L << 32}, new long[] {-1}).bytes();
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1L << 32, buf.getLong(8));
        assertEquals(-1L, buf.getLong(72));
        assertEquals(1, b[12], "bit 32 is the lowest bit of byte 4 of the shape field");
    }

    @Test
    void scalarIsRankZeroAndAllZeros() {
        byte[] b = new LayoutStruct(new long[0], new long[0]).bytes();
        assertArrayEquals(new byte[136], b);
    }

    @Test
    void moreThanEightDimensionsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LayoutStruct(new long[9], new long[9]));
        assertTrue(e.getMessage().contains("at most 8 dimensions"), e.getMessage());
    }

    @Test
    void contiguousOperandsMergeIntoOneDimension() {
        LayoutStruct[] l = Layouts.over(new int[] {2, 3, 4}, new int[] {12, 4, 1}, new int[] {12, 4, 1});
        assertArrayEquals(new long[] {24}, l[0].shape());
        assertArrayEquals(new long[] {1}, l[0].strides());
        assertArrayEquals(new long[] {1}, l[1].strides());
    }

    @Test
    void broadcastDimensionsStaySeparateAndSizeOneDimensionsDrop() {
        // [5,1,9] + [4,9] over [5,4,9]
        LayoutStruct[] l = Layouts.over(new int[] {5, 4, 9}, new int[] {9, 0, 1}, new int[] {0, 9, 1});
        assertArrayEquals(new long[] {5, 4, 9}, l[0].shape());
        assertArrayEquals(new long[] {9, 0, 1}, l[0].strides());
        assertArrayEquals(new long[] {0, 9, 1}, l[1].strides());
        // a row broadcast over a matrix with a leading size-1 dimension: [1, 6, 8] + [8]
        LayoutStruct[] r = Layouts.over(new int[] {1, 6, 8}, new int[] {48, 8, 1}, new int[] {0, 0, 1});
        assertArrayEquals(new long[] {6, 8}, r[0].shape());
        assertArrayEquals(new long[] {8, 1}, r[0].strides());
        assertArrayEquals(new long[] {0, 1}, r[1].strides());
    }

    @Test
    void transposedOperandKeepsItsStrides() {
        // a [3, 4] view of a [4, 3] matrix
        LayoutStruct l = Layouts.over(new int[] {3, 4}, new int[] {1, 3})[0];
        assertArrayEquals(new long[] {3, 4}, l.shape());
        assertArrayEquals(new long[] {1, 3}, l.strides());
    }

    @Test
    void allOnesIsAScalar() {
        assertEquals(0, Layouts.over(new int[] {1, 1}, new int[] {1, 1})[0].rank());
    }

    @Test
    void nineDimensionsThatMergeAreAccepted() {
        int[] shape = {2, 2, 2, 2, 2, 2, 2, 2, 2};
        int[] strides = dev.lathe.engine.Shapes.contiguousStrides(shape);
        assertArrayEquals(new long[] {512}, Layouts.over(shape, strides)[0].shape());
    }
}
