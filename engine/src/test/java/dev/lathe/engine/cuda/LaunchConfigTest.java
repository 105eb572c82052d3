package dev.lathe.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LaunchConfigTest {

    @Test
    void oneBlockPer256ItemsCappedAt32BlocksPerMultiprocessor() {
        assertEquals(1, LaunchConfig.grid(0, 132));
        assertEquals(1, LaunchConfig.grid(1, 132));
        assertEquals(1, LaunchConfig.grid(256, 132));
        assertEquals(2, LaunchConfig.grid(257, 132));
        assertEquals(100, LaunchConfig.grid(25_600, 132));
        assertEquals(132 * 32, LaunchConfig.grid(1L << 40, 132));
        assertThrows(IllegalArgumentException.class, () -> LaunchConfig.grid(10, 0));
    }
}
