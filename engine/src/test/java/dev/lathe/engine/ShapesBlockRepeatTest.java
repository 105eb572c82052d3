package dev.lathe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link Shapes#blockRepeat}: which broadcasts the CPU kernels run a block at a time, and over how many elements. */
class ShapesBlockRepeatTest {

    @Test
    void aRowRepeatedOverTheLeadingDimensionsIsConstantOverNothing() {
        assertEquals(1, Shapes.blockRepeat(new int[] {128}, new int[] {32, 128}));
        assertEquals(1, Shapes.blockRepeat(new int[] {1, 3, 8}, new int[] {5, 3, 8}));
    }

    @Test
    void aValuePerChannelIsConstantOverEachPlane() {
        assertEquals(20, Shapes.blockRepeat(new int[] {3, 1, 1}, new int[] {2, 3, 4, 5}));
        assertEquals(20, Shapes.blockRepeat(new int[] {1, 3, 1, 1}, new int[] {2, 3, 4, 5}));
        assertEquals(5, Shapes.blockRepeat(new int[] {3, 4, 1}, new int[] {2, 3, 4, 5}));
    }

    @Test
    void otherBroadcastsAreNotOneBlock() {
        // a single element, a size-1 dimension inside the block, a part longer than the shape
        assertEquals(-1, Shapes.blockRepeat(new int[] {1, 1}, new int[] {4, 5}));
        assertEquals(-1, Shapes.blockRepeat(new int[] {}, new int[] {4, 5}));
        assertEquals(-1, Shapes.blockRepeat(new int[] {3, 1, 5}, new int[] {2, 3, 4, 5}));
        assertEquals(-1, Shapes.blockRepeat(new int[] {3, 1}, new int[] {3, 4, 5}));
        assertEquals(-1, Shapes.blockRepeat(new int[] {2, 3}, new int[] {3}));
    }
}
