package dev.lathe.engine.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Device memory by size class, so tensors do not cost a cudaMalloc/cudaFree each: requests are
 * rounded up (to 512 B below 1 MiB, to 2 MiB above), a freed block goes to its size's free list,
 * and the next request of that size takes it back. Only a miss allocates from the device; when
 * the device is full the cached blocks are released and the allocation tried once more.
 *
 * <p>Blocks are reused as soon as they are freed. That is safe because all work on a device is
 * queued on one stream and runs in order: a kernel writing into a reused block runs after every
 * kernel that read its earlier tenant.
 *
 * @param <H> the device memory's block handle
 */
public final class CachingAllocator<H> {

    static final long SMALL_LIMIT = 1L << 20;
    static final long SMALL_GRANULE = 512;
    static final long LARGE_GRANULE = 2L << 20;

    /** One block: its handle and its (rounded) size. */
    public record Block<H>(H handle, long bytes) {
    }

    /** Counters since the allocator was made. */
    public record Stats(long inUseBytes, long cachedBytes, long peakInUseBytes, long deviceAllocations, long reuses) {
    }

    private final DeviceMemory<H> memory;
    private final String deviceName;
    private final Map<Long, ArrayDeque<H>> freeBySize = new HashMap<>();
    private long inUse;
    private long cached;
    private long peakInUse;
    private long deviceAllocations;
    private long reuses;

    public CachingAllocator(DeviceMemory<H> memory, String deviceName) {
        this.memory = memory;
        this.deviceName = deviceName;
    }

    /** The size class of a request: at least one small granule. */
    public static long roundedSize(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative allocation size " + bytes);
        }
        long granule = bytes <= SMALL_LIMIT ? SMALL_GRANULE : LARGE_GRANULE;
        return Math.max(SMALL_GRANULE, (bytes + granule - 1) / granule * granule);
    }

    public synchronized Block<H> allocate(long bytes) {
        long size = roundedSize(bytes);
        ArrayDeque<H> free = freeBySize.get(size);
        H handle;
        if (free != null && !free.isEmpty()) {
            handle = free.pop();
            cached -= size;
            reuses++;
        } else {
            handle = memory.allocate(size);
            if (handle == null) {
                long released = releaseCached();
                handle = memory.allocate(size);
                if (handle == null) {
                    throw outOfMemory(bytes, released);
                }
            }
            deviceAllocations++;
        }
        inUse += size;
        peakInUse = Math.max(peakInUse, inUse);
        return new Block<>(handle, size);
    }

    /** Takes a block back into its free list; the device memory stays allocated for the next request of its size. */
    public synchronized void release(Block<H> block) {
        if (roundedSize(block.bytes()) != block.bytes()) {
            throw new IllegalArgumentException("block of " + block.bytes() + " bytes did not come from this allocator");
        }
        freeBySize.computeIfAbsent(block.bytes(), size -> new ArrayDeque<>()).push(block.handle());
        inUse -= block.bytes();
        cached += block.bytes();
    }

    /** Returns every cached block to the device; returns how many bytes that was. */
    public synchronized long releaseCached() {
        long released = 0;
        for (Map.Entry<Long, ArrayDeque<H>> entry : freeBySize.entrySet()) {
            for (H handle : entry.getValue()) {
                memory.free(handle);
                released += entry.getKey();
            }
        }
        freeBySize.clear();
        cached = 0;
        return released;
    }

    public synchronized Stats stats() {
        return new Stats(inUse, cached, peakInUse, deviceAllocations, reuses);
    }

    private DeviceOutOfMemoryException outOfMemory(long asked, long released) {
        return new DeviceOutOfMemoryException("out of memory on " + deviceName + ": asked for " + Bytes.format(asked) + " (" + asked
                + " bytes); the device has " + Bytes.format(memory.freeBytes()) + " free of " + Bytes.format(memory.totalBytes())
                + ", Lathe's tensors hold " + Bytes.format(inUse) + " and its cache held " + Bytes.format(released)
                + " (released before retrying); try a smaller batch size");
    }
}
