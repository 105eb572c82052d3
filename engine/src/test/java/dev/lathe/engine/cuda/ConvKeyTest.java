package dev.lathe.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.backend.Conv2dParams;
import org.junit.jupiter.api.Test;

/** The cache key and shape checks of cuDNN convolutions: one plan per direction, shape and geometry. */
class ConvKeyTest {

    private static final Conv2dParams STRIDED = new Conv2dParams(2, 1, 1, 0, 1, 2, 2);

    @Test
    void keysOfEqualProblemsAreEqualAndEachDirectionHasItsOwn() {
        ConvKey key = ConvKey.of(ConvKey.Direction.FORWARD, new int[] {8, 4, 9, 10}, new int[] {6, 2, 3, 3}, STRIDED);
        assertEquals(key, ConvKey.of(ConvKey.Direction.FORWARD, new int[] {8, 4, 9, 10}, new int[] {6, 2, 3, 3}, STRIDED));
        assertEquals(key.hashCode(), ConvKey.of(ConvKey.Direction.FORWARD, new int[] {8, 4, 9, 10}, new int[] {6, 2, 3, 3}, STRIDED).hashCode());
        assertNotEquals(key, ConvKey.of(ConvKey.Direction.BACKWARD_DATA, new int[] {8, 4, 9, 10}, new int[] {6, 2, 3, 3}, STRIDED));
        assertNotEquals(key, ConvKey.of(ConvKey.Direction.FORWARD, new int[] {16, 4, 9, 10}, new int[] {6, 2, 3, 3}, STRIDED));
    }

    @Test
    void theOutputShapeFollowsStridePaddingAndDilation() {
        // H: (9 + 2·1 - 1·(3 - 1) - 1) / 2 + 1 = 5; W: (10 + 0 - 2·(3 - 1) - 1) / 1 + 1 = 6
        ConvKey key = ConvKey.of(ConvKey.Direction.FORWARD, new int[] {8, 4, 9, 10}, new int[] {6, 2, 3, 3}, STRIDED);
        assertArrayEquals(new int[] {8, 6, 5, 6}, key.outputShape());
    }

    @Test
    void channelsMustMatchTheGroupsAndTheKernelFitTheInput() {
        ConvGeometry.check(new int[] {8, 4, 9, 10}, new int[] {6, 2, 3, 3}, STRIDED);
        String channels = assertThrows(IllegalArgumentException.class,
                () -> ConvGeometry.check(new int[] {8, 4, 9, 10}, new int[] {6, 4, 3, 3}, STRIDED)).getMessage();
        assertTrue(channels.contains("input [8, 4, 9, 10], weight [6, 4, 3, 3]"), channels);
        assertThrows(IllegalArgumentException.class, () -> ConvGeometry.check(new int[] {8, 4, 9, 10}, new int[] {5, 2, 3, 3}, STRIDED));
        assertThrows(IllegalArgumentException.class, () -> ConvGeometry.check(new int[] {1, 1, 2, 2}, new int[] {1, 1, 3, 3}, Conv2dParams.of(1, 0)));
        assertThrows(IllegalArgumentException.class, () -> ConvGeometry.check(new int[] {1, 2, 2}, new int[] {1, 1, 1, 1}, Conv2dParams.of(1, 0)));
    }
}
