package dev.lathe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.cli.train.CliRun;
import dev.lathe.engine.cuda.CudaDriver;
import dev.lathe.engine.cuda.CudaUnavailableException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code lathe devices}: the CPU first, then one line per GPU, or one line saying why there is none. */
class DevicesCommandTest {

    @Test
    void listsTheCpuAndEachGpuOrWhyThereIsNone() {
        CliRun r = CliRun.of("devices");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("cpu     " + Runtime.getRuntime().availableProcessors() + " cores"), r.out());
        int gpus;
        try {
            gpus = CudaDriver.deviceCount();
        } catch (CudaUnavailableException e) {
            assertEquals(List.of("cuda    none: " + e.getMessage()), lines.subList(1, lines.size()));
            return;
        }
        assertEquals(1 + gpus, lines.size(), r.out());
        for (int i = 0; i < gpus; i++) {
            String line = lines.get(1 + i);
            assertTrue(line.startsWith("cuda:" + i + "  " + CudaDriver.info(i).name() + ", "), line);
            assertTrue(line.contains("compute capability"), line);
        }
    }
}
