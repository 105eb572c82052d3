package dev.lathe.engine.io;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.autograd.GradMode;
import dev.lathe.engine.cpu.CpuStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Moves one tensor's elements between a file and host memory through a small reusable buffer, so
 * reading or writing a checkpoint needs no more heap than the tensors themselves.
 */
final class TensorData {

    /** A multiple of every element size. */
    private static final int CHUNK_BYTES = 1 << 20;

    private final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    /** Reads an entry whose range lies at {@code dataStart + begin} into a new CPU tensor of its Lathe dtype. */
    Tensor read(FileChannel channel, long dataStart, SafeTensorsHeader.Entry entry, Path file) throws IOException {
        FileDType type = entry.dtype();
        CpuStorage storage = CpuStorage.allocate(type.latheType(), (int) ((entry.end() - entry.begin()) / type.byteSize()));
        Tensor tensor = Tensor.wrap(storage, entry.shape());
        try {
            int perChunk = CHUNK_BYTES / type.byteSize();
            long position = dataStart + entry.begin();
            for (int done = 0; done < storage.size(); ) {
                int count = Math.min(perChunk, storage.size() - done);
                fill(channel, position, count * type.byteSize(), file);
                decode(type, storage, done, count, entry, file);
                position += (long) count * type.byteSize();
                done += count;
            }
            return tensor;
        } catch (IOException | RuntimeException e) {
            tensor.close();
            throw e;
        }
    }

    private void fill(FileChannel channel, long position, int bytes, Path file) throws IOException {
        chunk.clear().limit(bytes);
        while (chunk.hasRemaining()) {
            if (channel.read(chunk, position + chunk.position()) < 0) {
                throw SafeTensorsHeader.invalid(file, "truncated: the file ended at byte " + (position + chunk.position())
                        + " while reading tensor data");
            }
        }
        chunk.flip();
    }

    private void decode(FileDType type, CpuStorage storage, int at, int count, SafeTensorsHeader.Entry entry, Path file) {
        switch (type) {
            case F32 -> chunk.asFloatBuffer().get(((CpuStorage.F32) storage).data(), at, count);
            case F64 -> chunk.asDoubleBuffer().get(((CpuStorage.F64) storage).data(), at, count);
            case I32 -> chunk.asIntBuffer().get(((CpuStorage.I32) storage).data(), at, count);
            case F16 -> {
                float[] out = ((CpuStorage.F32) storage).data();
                for (int i = 0; i < count; i++) {
                    out[at + i] = HalfFloats.fromF16(chunk.getShort());
                }
            }
            case BF16 -> {
                float[] out = ((CpuStorage.F32) storage).data();
                for (int i = 0; i < count; i++) {
                    out[at + i] = HalfFloats.fromBF16(chunk.getShort());
                }
            }
            case I64 -> {
                int[] out = ((CpuStorage.I32) storage).data();
                for (int i = 0; i < count; i++) {
                    long value = chunk.getLong();
                    if (value != (int) value) {
                        throw new InvalidInputException(file + ": I64 tensor '" + entry.name() + "' holds " + value + " at element "
                                + (at + i) + ", outside the I32 range Lathe reads it into");
                    }
                    out[at + i] = (int) value;
                }
            }
        }
    }

    /** Appends a tensor's elements in C order, copying it to the host (and densely) first where needed. */
    void write(FileChannel channel, Tensor tensor) throws IOException {
        try (GradMode.Restore off = GradMode.noGrad(); Tensor host = tensor.to(Device.CPU); Tensor dense = host.contiguous()) {
            CpuStorage storage = CpuStorage.of(dense);
            DType dtype = dense.dtype();
            int perChunk = CHUNK_BYTES / dtype.byteSize();
            int first = dense.offset();
            int numel = dense.numel();
            for (int done = 0; done < numel; ) {
                int count = Math.min(perChunk, numel - done);
                chunk.clear();
                switch (dtype) {
                    case F32 -> chunk.asFloatBuffer().put(((CpuStorage.F32) storage).data(), first + done, count);
                    case F64 -> chunk.asDoubleBuffer().put(((CpuStorage.F64) storage).data(), first + done, count);
                    case I32 -> chunk.asIntBuffer().put(((CpuStorage.I32) storage).data(), first + done, count);
                }
                chunk.limit(count * dtype.byteSize());
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
                done += count;
            }
        }
    }
}
