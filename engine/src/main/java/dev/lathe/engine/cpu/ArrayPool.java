package dev.lathe.engine.cpu;

import dev.lathe.engine.DType;
import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * Keeps the arrays of freed CPU storages for the next storage of the same dtype and length. A
 * training step frees its intermediates when its memory scope closes and the next step asks for
 * the same shapes again; without reuse every large activation is a fresh array, and the kernel's
 * zeroing of new pages plus the collector's handling of arrays this large took a third of
 * bert-tiny's step. Entries are soft references, so the collector takes pooled arrays back before
 * it would ever fail an allocation.
 */
final class ArrayPool {

    /** Smaller arrays come from the thread's allocation buffer faster than from a lookup here. */
    private static final int MIN_LENGTH = 1 << 12;
    /** Arrays kept per dtype and length: more than one step of a large model holds of one shape. */
    private static final int MAX_PER_SIZE = 256;

    /** Set (system property lathe.cpu.poisonEmpty, as the test suite does) to fill unspecified contents with NaN. */
    private static final boolean POISON = Boolean.getBoolean("lathe.cpu.poisonEmpty");

    private static final ConcurrentHashMap<Long, LinkedBlockingDeque<SoftReference<Object>>> FREE = new ConcurrentHashMap<>();

    private ArrayPool() {
    }

    /** A zeroed array of the dtype's element type and {@code length} elements, recycled when one is free. */
    static Object zeroed(DType dtype, int length) {
        Object reused = take(dtype, length);
        if (reused == null) {
            return fresh(dtype, length);
        }
        fill(reused, 0);
        return reused;
    }

    /**
     * An array of {@code length} elements whose contents are unspecified: a recycled array as it
     * was left, for outputs that every element of is written.
     */
    static Object uninitialized(DType dtype, int length) {
        Object array = take(dtype, length);
        if (array == null) {
            array = fresh(dtype, length);
        }
        if (POISON) {
            fill(array, Double.NaN);
        }
        return array;
    }

    private static Object fresh(DType dtype, int length) {
        return switch (dtype) {
            case F32 -> new float[length];
            case F64 -> new double[length];
            case I32 -> new int[length];
        };
    }

    /** Sets every element; NaN becomes Integer.MIN_VALUE in an int array. */
    private static void fill(Object array, double value) {
        if (array instanceof float[] f) {
            Arrays.fill(f, (float) value);
        } else if (array instanceof double[] d) {
            Arrays.fill(d, value);
        } else {
            Arrays.fill((int[]) array, Double.isNaN(value) ? Integer.MIN_VALUE : (int) value);
        }
    }

    /** Hands back the array of a storage that was just freed; nothing may use it afterwards. */
    static void recycle(DType dtype, Object array, int length) {
        if (length < MIN_LENGTH) {
            return;
        }
        LinkedBlockingDeque<SoftReference<Object>> free = FREE.computeIfAbsent(key(dtype, length), k -> new LinkedBlockingDeque<>(MAX_PER_SIZE));
        // a full deque leaves the array to the collector; checked first because a soft reference
        // made only to be refused cost more than the rest of a small op (the collector handles
        // each one specially)
        if (free.remainingCapacity() > 0) {
            free.offerFirst(new SoftReference<>(array));
        }
    }

    private static Object take(DType dtype, int length) {
        if (length < MIN_LENGTH) {
            return null;
        }
        LinkedBlockingDeque<SoftReference<Object>> free = FREE.get(key(dtype, length));
        if (free == null) {
            return null;
        }
        for (SoftReference<Object> ref = free.pollFirst(); ref != null; ref = free.pollFirst()) {
            Object array = ref.get();
            if (array != null) {
                return array;
            }
        }
        return null;
    }

    private static long key(DType dtype, int length) {
        return (long) length << 2 | dtype.ordinal();
    }
}
