package dev.lathe.engine.io;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * header length N, N bytes of JSON naming each tensor's dtype, shape and byte range, then the raw
 * little-endian C-order data. Files written here are readable by any safetensors reader; files
 * read here are checked strictly, and tensors stream from disk one at a time.
 */
public final class SafeTensors {

    private SafeTensors() {
    }

    /** Reads every tensor onto the CPU (F16/BF16 as F32, I64 as I32), in header order, with the metadata. */
    public static SafeTensorsContent read(Path file) {
        try (FileChannel channel = open(file)) {
            SafeTensorsHeader header = SafeTensorsHeader.read(channel, file);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            try {
                TensorData data = new TensorData();
                for (SafeTensorsHeader.Entry entry : header.entries()) {
                    tensors.put(entry.name(), data.read(channel, header.dataStart(), entry, file));
                }
            } catch (IOException | RuntimeException e) {
                tensors.values().forEach(Tensor::close);
                throw e;
            }
            return new SafeTensorsContent(Collections.unmodifiableMap(tensors), header.metadata());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The metadata alone (empty when the file has none), after checking the header; no tensor is read. */
    public static Map<String, String> readMetadata(Path file) {
        try (FileChannel channel = open(file)) {
            return SafeTensorsHeader.read(channel, file).metadata();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        }
    }

    /**
     * Writes tensors of any layout and device, with string metadata (may be empty), replacing
     * {@code file} atomically: the data goes to a temporary file in the same folder, is flushed to
     * disk, and is renamed over the target, so a crash leaves either the old file or the new one.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        List<Map.Entry<String, Tensor>> order = dataOrder(tensors);
        byte[] header = SafeTensorsHeader.encode(order, metadata);
        Path target = file.toAbsolutePath();
        Path temporary = target.resolveSibling(
                "." + target.getFileName() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        boolean moved = false;
        try {
            writeFile(temporary, header, order, file);
            replace(temporary, target);
            moved = true;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        } finally {
            if (!moved) {
                deleteQuietly(temporary);
            }
        }
    }

    /** Writes a complete file at {@code path} and flushes it to the disk. */
    private static void writeFile(Path path, byte[] header, List<Map.Entry<String, Tensor>> order, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(header.length).put(header).flip();
            while (prefix.hasRemaining()) {
                channel.write(prefix);
            }
            TensorData data = new TensorData();
            for (Map.Entry<String, Tensor> e : order) {
                try {
                    data.write(channel, e.getValue());
                } catch (IllegalStateException closed) {
                    throw new IllegalStateException(file + ": cannot write tensor '" + e.getKey() + "': " + closed.getMessage(), closed);
                }
            }
            channel.force(true);
        }
    }

    /**
     * The reference writer's order: by element size, largest first, then by name, so with the
     * 8-byte-aligned data start every tensor is aligned to its element size.
     */
    private static List<Map.Entry<String, Tensor>> dataOrder(Map<String, Tensor> tensors) {
        List<Map.Entry<String, Tensor>> order = new ArrayList<>();
        tensors.forEach((name, tensor) -> {
            if (name == null || name.equals(SafeTensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("a safetensors tensor cannot be named " + name);
            }
            if (tensor == null) {
                throw new IllegalArgumentException("tensor '" + name + "' is null");
            }
            order.add(Map.entry(name, tensor));
        });
        order.sort(Comparator.<Map.Entry<String, Tensor>>comparingInt(e -> -e.getValue().dtype().byteSize())
                .thenComparing(Map.Entry::getKey));
        return order;
    }

    private static void replace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // the write already failed with a more useful error; a stray temporary file is the lesser problem
        }
    }
}
