package dev.lathe.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A reference-counted block of elements on one device. Tensors are views over a storage;
 * the storage is freed when the last view releases it, never by the garbage collector.
 */
public abstract class Storage {

    private static final AtomicLong LIVE = new AtomicLong();

    private final Device device;
    private final DType dtype;
    private final int size;
    private int references = 1;

    protected Storage(Device device, DType dtype, int size) {
        this.device = device;
        this.dtype = dtype;
        this.size = size;
        LIVE.incrementAndGet();
    }

    /** Number of storages allocated and not yet freed, over all devices. */
    public static long liveCount() {
        return LIVE.get();
    }

    public Device device() {
        return device;
    }

    public DType dtype() {
        return dtype;
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    public synchronized boolean isFreed() {
        return references == 0;
    }

    synchronized void retain() {
        if (references == 0) {
            throw new IllegalStateException("storage of " + size + " " + dtype + " on " + device + " was already freed");
        }
        references++;
    }

    synchronized void release() {
        if (references == 0) {
            throw new IllegalStateException("storage released more often than retained");
        }
        if (--references == 0) {
            free();
            LIVE.decrementAndGet();
        }
    }

    /** Returns the memory to the device; called exactly once. */
    protected abstract void free();
}
