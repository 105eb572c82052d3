package dev.lathe.cli.train;

import dev.lathe.engine.Device;
import dev.lathe.engine.backend.Backends;
import dev.lathe.engine.cuda.CudaUnavailableException;
import org.junit.jupiter.api.Assumptions;

/** For the tests of what the commands say when no GPU can be used. */
public final class CudaAbsence {

    private CudaAbsence() {
    }

    /** The CUDA backend's one-line reason it cannot open cuda:0; aborts the calling test where a GPU is usable. */
    public static String reason() {
        try {
            Backends.of(Device.cuda(0));
        } catch (CudaUnavailableException e) {
            return e.getMessage();
        }
        Assumptions.abort("this machine has a usable GPU");
        throw new AssertionError("unreachable: abort throws");
    }
}
