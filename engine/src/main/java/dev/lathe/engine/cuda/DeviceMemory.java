package dev.lathe.engine.cuda;

/**
 * The raw device memory under the caching allocator: the only part that calls the driver, kept
 * behind this interface so the allocator's bookkeeping is tested without a GPU.
 *
 * @param <H> the handle of one allocated block (a device pointer)
 */
public interface DeviceMemory<H> {

    /** A new block of exactly {@code bytes}, or null when the device is out of memory. */
    H allocate(long bytes);

    void free(H block);

    /** Bytes the device has free now (all processes considered). */
    long freeBytes();

    long totalBytes();
}
