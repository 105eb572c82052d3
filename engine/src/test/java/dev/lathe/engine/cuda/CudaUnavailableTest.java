package dev.lathe.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.lathe.engine.Device;
import dev.lathe.engine.backend.BackendProvider;
import dev.lathe.engine.backend.Backends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Asking for a GPU where there is none fails with one line naming what is missing; never a silent CPU fallback. */
class CudaUnavailableTest {

    /** Where the dynamic linker finds the driver library on the Linux distributions in use. */
    private static boolean driverInstalled() {
        List<String> folders = new ArrayList<>(List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu",
                "/usr/local/nvidia/lib64", "/usr/lib/wsl/lib"));
        String path = System.getenv("LD_LIBRARY_PATH");
        if (path != null) {
            folders.addAll(List.of(path.split(":")));
        }
        return folders.stream().anyMatch(folder -> !folder.isEmpty() && Files.exists(Path.of(folder, "libcuda.so.1")));
    }

    @Test
    void withoutTheDriverOpeningCudaNamesLibcuda() {
        assumeFalse(driverInstalled(), "this machine has libcuda.so.1");
        String message = assertThrows(CudaUnavailableException.class, () -> Backends.of(Device.cuda(0))).getMessage();
        assertTrue(message.startsWith("cuda:0 is not available: no NVIDIA driver: libcuda.so.1 could not be loaded"), message);
        assertFalse(message.contains("\n"), message);
        // asked again (JCuda's driver class is now unusable): the same line, not a NoClassDefFoundError
        assertEquals(message, assertThrows(CudaUnavailableException.class, () -> Backends.of(Device.cuda(0))).getMessage());
        String other = assertThrows(CudaUnavailableException.class, () -> Backends.of(Device.cuda(3))).getMessage();
        assertTrue(other.startsWith("cuda:3 is not available: no NVIDIA driver"), other);
    }

    @Test
    void theCudaBackendIsRegisteredAsAProvider() {
        boolean found = false;
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
            found |= provider instanceof CudaBackendProvider && provider.kind() == Device.Kind.CUDA;
        }
        assertTrue(found, "META-INF/services lists dev.lathe.engine.cuda.CudaBackendProvider");
    }

    @Test
    void linkFailuresAreReadForTheLibraryTheLinkerCouldNotOpen() {
        String jcuda = """
                Error while loading native library "JCudaDriver-12.6.0-linux-x86_64"
                Operating system name: Linux
                Stack trace from the attempt to load the library as a resource:
                java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file: No such file or directory
                """;
        assertEquals(Optional.of("libcuda.so.1"), LinkFailures.missingLibrary(jcuda));
        assertEquals(Optional.of("libcublas.so.12"),
                LinkFailures.missingLibrary("/tmp/libJCublas2-12.6.0-linux-x86_64.so: libcublas.so.12: cannot open shared object file"));
        assertEquals(Optional.empty(), LinkFailures.missingLibrary("undefined symbol: cublasSgemm_v2"));
        assertEquals(Optional.empty(), LinkFailures.missingLibrary(null));
        assertEquals("Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"", LinkFailures.firstLine(jcuda));
    }
}
