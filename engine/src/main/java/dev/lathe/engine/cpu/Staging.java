package dev.lathe.engine.cpu;

import dev.lathe.engine.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Native memory that CPU storages are copied into for OpenBLAS where {@link HeapBlas} is missing,
 * and the copies. Each thread owns one growable buffer per {@link Slot}, so kernels running on
 * different workers never share one unless the caller hands its own to them.
 *
 * <p>Why copy at all: JavaCPP hands Java arrays to native code through Get/Release*ArrayElements,
 * which copy each whole array in and back out per call; direct buffers are read in place.
 */
final class Staging {

    /** The buffers a thread holds at once: the three GEMM operands. */
    enum Slot { A, B, C }

    private static final ThreadLocal<ByteBuffer[]> BUFFERS =
            ThreadLocal.withInitial(() -> new ByteBuffer[Slot.values().length]);

    private Staging() {
    }

    /** This thread's buffer for {@code slot}, holding at least {@code elements} of {@code dtype}; contents unspecified. */
    static ByteBuffer buffer(Slot slot, DType dtype, long elements) {
        ByteBuffer[] buffers = BUFFERS.get();
        ByteBuffer current = buffers[slot.ordinal()];
        long bytes = elements * dtype.byteSize();
        if (current != null && current.capacity() >= bytes) {
            return current.clear();
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a matrix of " + bytes + " bytes is too large for one GEMM");
        }
        long grown = Math.min(Integer.MAX_VALUE, Math.max(bytes, current == null ? 0 : current.capacity() * 3L / 2));
        ByteBuffer fresh = ByteBuffer.allocateDirect((int) grown).order(ByteOrder.nativeOrder());
        buffers[slot.ordinal()] = fresh;
        return fresh;
    }

    /** Copies {@code length} elements of {@code source} from {@code from} into {@code target} from element {@code at}. */
    static void put(CpuStorage source, int from, ByteBuffer target, int at, int length) {
        if (source instanceof CpuStorage.F32 f) {
            target.asFloatBuffer().put(at, f.data(), from, length);
        } else if (source instanceof CpuStorage.F64 d) {
            target.asDoubleBuffer().put(at, d.data(), from, length);
        } else {
            throw new IllegalArgumentException("OpenBLAS needs F32 or F64 data, got " + source.dtype());
        }
    }

    /** Copies {@code length} elements of {@code source} from element {@code at} into {@code target} from {@code to}. */
    static void get(ByteBuffer source, int at, CpuStorage target, int to, int length) {
        if (target instanceof CpuStorage.F32 f) {
            source.asFloatBuffer().get(at, f.data(), to, length);
        } else if (target instanceof CpuStorage.F64 d) {
            source.asDoubleBuffer().get(at, d.data(), to, length);
        } else {
            throw new IllegalArgumentException("OpenBLAS needs F32 or F64 data, got " + target.dtype());
        }
    }
}
