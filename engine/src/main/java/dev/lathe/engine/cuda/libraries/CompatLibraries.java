package dev.lathe.engine.cuda.libraries;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The compatibility libraries built by the native module (native/compat, jar resources under
 * {@value #RESOURCE_FOLDER}), extracted on first use into a temporary folder only this user can read,
 * removed when the JVM exits.
 */
final class CompatLibraries {

    static final String RESOURCE_FOLDER = "dev/lathe/native/compat/linux-x86_64/";

    private static Path folder;

    private CompatLibraries() {}

    /** Whether this build holds the compatibility library named {@code soname} (it does not where gcc was missing). */
    static boolean available(String soname) {
        return CompatLibraries.class.getClassLoader().getResource(RESOURCE_FOLDER + soname) != null;
    }

    /** The extracted file; empty where this build holds no such library. */
    static synchronized Optional<Path> extract(String soname) {
        try (InputStream in = CompatLibraries.class.getClassLoader().getResourceAsStream(RESOURCE_FOLDER + soname)) {
            if (in == null) {
                return Optional.empty();
            }
            if (folder == null) {
                folder = Files.createTempDirectory("lathe-compat",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                folder.toFile().deleteOnExit();
            }
            Path file = folder.resolve(soname);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            return Optional.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the compatibility library " + soname, e);
        }
    }
}
