package dev.lathe.conformance;

import dev.lathe.engine.Device;
import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.backend.Backends;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** The GPU the cross-device checks run on, when this machine has one and its backend loads. */
public final class SecondDevice {

    private static String whyMissing = "";
    private static boolean reported;
    private static final Optional<Device> FOUND = find();

    private SecondDevice() {
    }

    private static Optional<Device> find() {
        Device cuda = Device.cuda(0);
        try {
            Backend backend = Backends.of(cuda);
            return Optional.of(backend.device());
        } catch (RuntimeException | LinkageError e) {
            whyMissing = e.getMessage();
            return Optional.empty();
        }
    }

    /** The GPU, or the test is reported skipped with the reason none is usable (printed once). */
    public static Device require() {
        if (FOUND.isEmpty() && !reported) {
            reported = true;
            System.out.println("GPU checks skipped: no GPU backend on this machine (" + whyMissing + ")");
        }
        Assumptions.assumeTrue(FOUND.isPresent(), () -> "skipped: no GPU backend on this machine (" + whyMissing + ")");
        return FOUND.get();
    }
}
