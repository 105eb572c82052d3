package dev.lathe.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lathe.engine.DType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The indexed runs convolution's im2col and col2im use, on every dtype, against loops over get and set. */
class StorageRunsTest {

    private static final int[] INDEX = {3, -1, 0, 3, 5, -1, 1};

    private static CpuStorage counting(DType dtype, int size, int start) {
        CpuStorage s = CpuStorage.allocate(dtype, size);
        for (int i = 0; i < size; i++) {
            s.set(i, start + i);
        }
        return s;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void gatherRunReadsTheIndexedElementsAndZerosForNegativeIndices(DType dtype) {
        CpuStorage source = counting(dtype, 10, 10);
        CpuStorage target = counting(dtype, 8, 100);
        // index entries 2..6 from source offset 4 into target positions 1..5
        target.gatherRun(source, 4, INDEX, 2, 1, 5);
        double[] expected = {100, 14, 17, 19, 0, 15, 106, 107};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], target.get(i), "element " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void scatterAddRunAddsOntoTheIndexedElementsAndSkipsNegativeIndices(DType dtype) {
        CpuStorage source = counting(dtype, 8, 1);
        CpuStorage target = counting(dtype, 10, 100);
        // source elements 1..7 (values 2..8) onto target offset 2 at index entries 0..6
        target.scatterAddRun(source, 1, INDEX, 0, 2, 7);
        double[] expected = new double[10];
        for (int i = 0; i < 10; i++) {
            expected[i] = 100 + i;
        }
        for (int q = 0; q < 7; q++) {
            if (INDEX[q] >= 0) {
                expected[2 + INDEX[q]] += 2 + q;
            }
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], target.get(i), "element " + i);
        }
    }
}
