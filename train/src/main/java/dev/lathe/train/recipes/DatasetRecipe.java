package dev.lathe.train.recipes;

import dev.lathe.engine.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A public data set: where its raw files come from (Debian packages, since the machines it runs on
 * may have no other way to the internet), how to install them, and how they load. Loading is
 * {@link ArrayRecipe#load} for images and vectors, {@link TextRecipe#load} for texts.
 */
public sealed interface DatasetRecipe permits ArrayRecipe, TextRecipe {

    /** The name a spec's {@code data.dataset} and {@code lathe data} use. */
    String name();

    /** One line for {@code lathe data list}. */
    String description();

    /** The Debian packages the files come from; empty for generated data. */
    List<String> debianPackages();

    /** The files {@link #load} reads; empty for generated data. */
    List<Path> requiredFiles();

    default boolean available() {
        return requiredFiles().stream().allMatch(Files::isReadable);
    }

    /** The shell command line that makes the files available; empty when there is nothing to install. */
    String installCommand();

    /**
     * Runs {@link #installCommand()}'s steps, showing their output; does nothing when the files are
     * already there. Failures of the commands are IllegalStateExceptions.
     */
    void install();

    /** Throws, with the package and the command to install it, when a required file is missing. */
    default void requireAvailable() {
        for (Path file : requiredFiles()) {
            if (!Files.isReadable(file)) {
                throw new InvalidInputException(name() + ": " + file + " is missing; it comes from the Debian package "
                        + String.join(", ", debianPackages()) + ": run `" + installCommand() + "` or `lathe data prepare " + name() + "`");
            }
        }
    }
}
