package dev.lathe.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CudaSettingsTest {

    @Test
    void tf32IsOffUnlessAskedForAndThePropertyWins() {
        assertFalse(CudaSettings.tf32(null, null));
        assertTrue(CudaSettings.tf32(null, "1"));
        assertTrue(CudaSettings.tf32("true", null));
        assertTrue(CudaSettings.tf32(" YES ", "0"));
        assertFalse(CudaSettings.tf32("false", "1"));
        assertFalse(CudaSettings.tf32(null, "0"));
    }
}
