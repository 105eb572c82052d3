package dev.lathe.train.recipes;

import dev.lathe.engine.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Installing recipe files with Debian's tools, showing their output to the user. */
final class Debian {

    private Debian() {
    }

    static String aptInstallCommand(List<String> packages) {
        return "apt-get install -y " + String.join(" ", packages);
    }

    /** apt-get install, which needs root. */
    static void aptInstall(String recipe, List<String> packages) {
        if (!isRoot()) {
            throw new InvalidInputException(recipe + ": installing " + String.join(", ", packages) + " needs root: run `sudo "
                    + aptInstallCommand(packages) + "`");
        }
        List<String> command = new ArrayList<>(List.of("apt-get", "install", "-y"));
        command.addAll(packages);
        run(command, null);
    }

    /** Runs a command in {@code directory} (null: the current one), its output going to ours. */
    static void run(List<String> command, Path directory) {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        int status;
        try {
            status = builder.start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running `" + String.join(" ", command) + "`", e);
        }
        if (status != 0) {
            throw new IllegalStateException("`" + String.join(" ", command) + "` failed with exit status " + status);
        }
    }

    static boolean isRoot() {
        try {
            Process process = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return process.waitFor() == 0 && uid.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
