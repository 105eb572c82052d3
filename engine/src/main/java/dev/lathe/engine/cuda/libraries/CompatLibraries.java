package dev.lathe.engine.cuda.libraries;

import dev.lathe.engine.NativeResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
        return NativeResources.exists(RESOURCE_FOLDER + soname);
    }

    /** The extracted file; empty where this build holds no such library. */
    static synchronized Optional<Path> extract(String soname) {
        if (!available(soname)) {
            return Optional.empty();
        }
        try {
            if (folder == null) {
                folder = NativeResources.privateFolder("lathe-compat");
            }
            return NativeResources.extract(RESOURCE_FOLDER + soname, folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the compatibility library " + soname, e);
        }
    }
}
