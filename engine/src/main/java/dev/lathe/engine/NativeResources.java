package dev.lathe.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Native libraries the native module ships as jar resources, copied out to files so that they can
 * be loaded: the CUDA compatibility libraries and the CPU backend's in-place GEMM library.
 */
public final class NativeResources {

    private NativeResources() {
    }

    /** Whether the class path holds {@code resource}. */
    public static boolean exists(String resource) {
        return NativeResources.class.getClassLoader().getResource(resource) != null;
    }

    /** A new temporary folder only this user can read, removed at exit once emptied. */
    public static Path privateFolder(String prefix) throws IOException {
        Path folder = Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        folder.toFile().deleteOnExit();
        return folder;
    }

    /** Copies {@code resource} into {@code folder} under its own file name, removed at exit; empty where the class path lacks it. */
    public static Optional<Path> extract(String resource, Path folder) throws IOException {
        try (InputStream in = NativeResources.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            Path file = folder.resolve(resource.substring(resource.lastIndexOf('/') + 1));
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            return Optional.of(file);
        }
    }
}
