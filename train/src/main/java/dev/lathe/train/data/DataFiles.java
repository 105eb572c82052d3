package dev.lathe.train.data;

import dev.lathe.engine.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opening data files and wording their errors the same way in every reader: "file: [line N: ]problem". */
public final class DataFiles {

    private DataFiles() {
    }

    /** A buffered stream over {@code file}; a missing file is bad input, other failures are I/O errors. */
    public static InputStream open(Path file) {
        try {
            return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    public static byte[] readAllBytes(Path file) {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    public static UncheckedIOException cannotRead(Path file, IOException e) {
        return new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
    }

    public static InvalidInputException invalid(Path file, String problem) {
        return new InvalidInputException(file + ": " + problem);
    }

    /** {@code line} counts from 1. */
    public static InvalidInputException invalid(Path file, int line, String problem) {
        return new InvalidInputException(file + ": line " + line + ": " + problem);
    }
}
