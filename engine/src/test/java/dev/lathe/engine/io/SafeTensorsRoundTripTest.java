package dev.lathe.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.TestTensors;
import dev.lathe.engine.TestTensors.Layout;
import dev.lathe.engine.Tensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsRoundTripTest {

    private static final List<int[]> SHAPES = List.of(
            new int[] {}, new int[] {0}, new int[] {0, 5}, new int[] {3}, new int[] {2, 3}, new int[] {2, 3, 4}, new int[] {1, 4, 1});

    @TempDir
    Path dir;

    /** Logical values with the extremes of the dtype mixed in; no NaN, so a stray padding element would show. */
    private static double[] values(DType dtype, int n, long seed) {
        double[] v = dtype == DType.I32
                ? TestTensors.randomIntegers(seed, n, -1000, 1000)
                : TestTensors.random(seed, dtype, n, -1e3, 1e3);
        double[] extremes = switch (dtype) {
            case F32 -> new double[] {-0.0, Float.MIN_VALUE, Float.MAX_VALUE, Double.NEGATIVE_INFINITY, 1 / 3f};
            case F64 -> new double[] {-0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY, 1 / 3.0};
            case I32 -> new double[] {Integer.MIN_VALUE, Integer.MAX_VALUE, -1, 0};
        };
        System.arraycopy(extremes, 0, v, 0, Math.min(n, extremes.length));
        return v;
    }

    private static void assertSameBits(String name, DType dtype, double[] expected, Tensor actual) {
        assertEquals(dtype, actual.dtype(), name);
        switch (dtype) {
            case F32 -> {
                float[] a = actual.toFloatArray();
                int[] want = new int[expected.length];
                int[] got = new int[a.length];
                for (int i = 0; i < expected.length; i++) {
                    want[i] = Float.floatToRawIntBits((float) expected[i]);
                }
                for (int i = 0; i < a.length; i++) {
                    got[i] = Float.floatToRawIntBits(a[i]);
                }
                assertArrayEquals(want, got, name);
            }
            case F64 -> {
                double[] a = actual.toDoubleArray();
                long[] want = new long[expected.length];
                long[] got = new long[a.length];
                for (int i = 0; i < expected.length; i++) {
                    want[i] = Double.doubleToRawLongBits(expected[i]);
                }
                for (int i = 0; i < a.length; i++) {
                    got[i] = Double.doubleToRawLongBits(a[i]);
                }
                assertArrayEquals(want, got, name);
            }
            case I32 -> {
                int[] want = new int[expected.length];
                for (int i = 0; i < expected.length; i++) {
                    want[i] = (int) expected[i];
                }
                assertArrayEquals(want, actual.toIntArray(), name);
            }
        }
    }

    @Test
    void everyDtypeShapeAndLayoutComesBackBitForBit() {
        Map<String, double[]> expected = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        Map<String, DType> dtypes = new LinkedHashMap<>();
        Path file = dir.resolve("all.safetensors");
        try (MemoryScope scope = MemoryScope.open()) {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            long seed = 1;
            for (DType dtype : DType.values()) {
                for (int[] shape : SHAPES) {
                    for (Layout layout : Layout.values()) {
                        String name = dtype + "." + Arrays.toString(shape) + "." + layout;
                        double[] v = values(dtype, TestTensors.numel(shape), seed++);
                        tensors.put(name, TestTensors.withLayout(layout, v, dtype, shape));
                        expected.put(name, v);
                        shapes.put(name, shape);
                        dtypes.put(name, dtype);
                    }
                }
            }
            assertTrue(tensors.values().stream().anyMatch(t -> !t.isContiguous()), "the layouts include strided views");
            SafeTensors.write(file, tensors, Map.of("format", "pt", "note", "ünïcode ✓"));
        }
        try (SafeTensorsContent content = SafeTensors.read(file)) {
            assertEquals(expected.keySet(), content.tensors().keySet());
            assertEquals(Map.of("format", "pt", "note", "ünïcode ✓"), content.metadata());
            for (String name : expected.keySet()) {
                Tensor t = content.tensors().get(name);
                assertArrayEquals(shapes.get(name), t.shape(), name);
                assertTrue(t.isContiguous(), name);
                assertSameBits(name, dtypes.get(name), expected.get(name), t);
            }
        }
    }

    @Test
    void expandedAndTransposedViewsAreWrittenInLogicalOrder() {
        Path file = dir.resolve("views.safetensors");
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor base = Tensors.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            SafeTensors.write(file, Map.of(
                    "transposed", base.transpose(0, 1),
                    "expanded", Tensors.of(new float[] {7, 8}, 2, 1).expand(2, 3),
                    "column", base.narrow(1, 1, 1)), Map.of());
        }
        try (SafeTensorsContent content = SafeTensors.read(file)) {
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, content.tensors().get("transposed").toFloatArray());
            assertArrayEquals(new int[] {3, 2}, content.tensors().get("transposed").shape());
            assertArrayEquals(new float[] {7, 7, 7, 8, 8, 8}, content.tensors().get("expanded").toFloatArray());
            assertArrayEquals(new float[] {2, 5}, content.tensors().get("column").toFloatArray());
            assertEquals(Map.of(), content.metadata());
        }
    }

    @Test
    void tensorsLargerThanTheStreamingChunkSurvive() {
        // 600k F64 elements = 4.8 MB: several 1 MB chunks, the last one partial
        int n = 600_001;
        double[] v = TestTensors.random(3, DType.F64, n, -1, 1);
        Path file = dir.resolve("large.safetensors");
        try (Tensor t = Tensors.of(v, n)) {
            SafeTensors.write(file, Map.of("big", t), Map.of());
        }
        try (SafeTensorsContent content = SafeTensors.read(file)) {
            assertSameBits("big", DType.F64, v, content.tensors().get("big"));
        }
    }

    @Test
    void headerIsPaddedWithSpacesSoTheDataIsEightByteAligned() throws IOException {
        Path file = dir.resolve("pad.safetensors");
        try (Tensor t = Tensors.of(new float[] {1, 2, 3}, 3)) {
            SafeTensors.write(file, Map.of("x", t), Map.of());
        }
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        assertEquals(8 + n + 12, bytes.length);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.stripTrailing().endsWith("}"), header);
        assertTrue(header.substring(header.lastIndexOf('}') + 1).chars().allMatch(c -> c == ' '), "padding is spaces: '" + header + "'");
    }
}
