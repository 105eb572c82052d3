package dev.lathe.conformance.reference;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a script of conformance-tests/reference with Debian's Python, which has PyTorch. Without
 * it the test is skipped, unless LATHE_REQUIRE_TORCH=1 asks for it to fail (as CI does).
 */
final class TorchScript {

    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SCRIPTS = Path.of("reference");
    private static final long TIMEOUT_SECONDS = 300;
    private static String unavailable;
    private static boolean checked;

    private TorchScript() {
    }

    /** Skips (or with LATHE_REQUIRE_TORCH=1 fails) the calling test when PyTorch cannot be run. */
    static synchronized void requireTorch() {
        if (!checked) {
            checked = true;
            unavailable = probe();
        }
        if (unavailable == null) {
            return;
        }
        String why = PYTHON + " with torch is not available (" + unavailable + ")";
        if ("1".equals(System.getenv("LATHE_REQUIRE_TORCH"))) {
            fail(why + ", and LATHE_REQUIRE_TORCH=1 requires it: apt-get install python3-torch");
        }
        System.out.println("skipping the PyTorch side: " + why + "; set LATHE_REQUIRE_TORCH=1 to fail instead");
        Assumptions.abort(why);
    }

    private static String probe() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return PYTHON + " does not exist";
        }
        try {
            run(List.of("-c", "import torch"));
            return null;
        } catch (AssertionError e) {
            return e.getMessage();
        }
    }

    /** Runs reference/SCRIPT with {@code args}; a non-zero exit or a timeout fails with the script's output. */
    static void runScript(String script, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(SCRIPTS.resolve(script).toString());
        command.addAll(args);
        run(command);
    }

    private static void run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(PYTHON);
        command.addAll(args);
        Path log = null;
        try {
            log = Files.createTempFile("lathe-torch-script", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " ran past " + TIMEOUT_SECONDS + " s:\n" + Files.readString(log));
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        } finally {
            deleteQuietly(log);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover log in the temporary folder harms nothing
            }
        }
    }
}
