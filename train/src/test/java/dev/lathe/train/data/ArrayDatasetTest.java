package dev.lathe.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lathe.engine.Device;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.MemoryScope;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrayDatasetTest {

    @Test
    void labelOutOfRangeIsBadInput() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ArrayDataset.ofClasses(new float[] {1, 2, 3}, new int[] {1}, new int[] {0, 2, 1}, List.of("a", "b")));
        assertEquals("label 2 of sample 1 is out of range for 2 classes", e.getMessage());
        assertThrows(InvalidInputException.class,
                () -> ArrayDataset.ofTokens(new int[] {1, 2}, 1, 0, null, new int[] {0, -1}, List.of("a", "b")));
    }

    @Test
    void emptyDatasetIsBadInput() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ArrayDataset.ofClasses(new float[0], new int[] {3}, new int[0], null));
        assertEquals("the dataset is empty", e.getMessage());
    }

    @Test
    void tokenBatchCarriesMaskSegmentsAndLabelsAsValues() {
        int[] ids = {5, 6, 0, 7, 0, 0};
        int[] segments = {0, 1, 0, 0, 0, 0};
        ArrayDataset data = ArrayDataset.ofTokens(ids, 3, 0, segments, new int[] {1, 0}, List.of("neg", "pos"));
        try (MemoryScope scope = MemoryScope.open()) {
            Batch batch = data.batch(new int[] {1, 0}, Device.CPU, true);
            assertArrayEquals(new int[] {7, 0, 0, 5, 6, 0}, batch.inputs().toIntArray());
            assertArrayEquals(new float[] {1, 0, 0, 1, 1, 0}, batch.mask().toFloatArray());
            assertArrayEquals(new int[] {0, 0, 0, 0, 1, 0}, batch.segments().toIntArray());
            assertArrayEquals(new int[] {2, 1}, batch.targets().shape());
            assertArrayEquals(new float[] {0, 1}, batch.targets().toFloatArray());
            Batch plain = ArrayDataset.ofTokens(ids, 3, ArrayDataset.NO_PADDING, null, new int[] {1, 0}, null)
                    .batch(new int[] {0}, Device.CPU, false);
            assertNull(plain.mask());
            assertArrayEquals(new int[] {1}, plain.targets().toIntArray());
        }
    }
}
