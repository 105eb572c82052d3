package dev.lathe.engine.cuda;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads why a JCuda native library failed to load. JCuda's UnsatisfiedLinkError spans many lines
 * (both load attempts with stack traces); the useful part is the shared library the dynamic linker
 * could not open, such as {@code libcuda.so.1} where no NVIDIA driver is installed.
 */
public final class LinkFailures {

    private static final Pattern MISSING = Pattern.compile("([\\w.+-]+\\.so(?:\\.\\d+)*): cannot open shared object file");

    private LinkFailures() {
    }

    /** The shared library the linker could not open, if the message says so. */
    public static Optional<String> missingLibrary(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = MISSING.matcher(message);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The message's first line, for failures that name no missing library. */
    public static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "no reason given";
        }
        return message.strip().lines().findFirst().orElse("").strip();
    }
}
