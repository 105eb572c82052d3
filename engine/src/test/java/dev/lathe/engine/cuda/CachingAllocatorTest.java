package dev.lathe.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The caching allocator's bookkeeping over a fake device memory: size classes, reuse, statistics, out of memory. */
class CachingAllocatorTest {

    private static final long MIB = 1L << 20;

    @Test
    void roundsSmallRequestsTo512BytesAndLargeOnesTo2MiB() {
        assertEquals(512, CachingAllocator.roundedSize(0));
        assertEquals(512, CachingAllocator.roundedSize(1));
        assertEquals(512, CachingAllocator.roundedSize(512));
        assertEquals(1024, CachingAllocator.roundedSize(513));
        assertEquals(MIB, CachingAllocator.roundedSize(MIB - 100));
        assertEquals(MIB, CachingAllocator.roundedSize(MIB));
        assertEquals(2 * MIB, CachingAllocator.roundedSize(MIB + 1));
        assertEquals(4 * MIB, CachingAllocator.roundedSize(3 * MIB));
        assertEquals(4 * MIB, CachingAllocator.roundedSize(4 * MIB));
        assertThrows(IllegalArgumentException.class, () -> CachingAllocator.roundedSize(-1));
    }

    @Test
    void aFreedBlockServesTheNextRequestOfItsSizeClassWithoutTheDevice() {
        FakeDeviceMemory memory = new FakeDeviceMemory(64 * MIB);
        CachingAllocator<Integer> allocator = new CachingAllocator<>(memory, "cuda:0");
        CachingAllocator.Block<Integer> first = allocator.allocate(1000);
        assertEquals(1024, first.bytes());
        allocator.release(first);
        CachingAllocator.Block<Integer> second = allocator.allocate(700); // also rounds to 1024
        assertEquals(first.handle(), second.handle());
        assertEquals(1, memory.allocations);
        CachingAllocator.Block<Integer> other = allocator.allocate(3000); // another size class: a new block
        assertNotEquals(first.handle(), other.handle());
        assertEquals(2, memory.allocations);
        CachingAllocator.Stats stats = allocator.stats();
        assertEquals(2, stats.deviceAllocations());
        assertEquals(1, stats.reuses());
        assertEquals(1024 + 3072, stats.inUseBytes());
        assertEquals(0, stats.cachedBytes());
    }

    @Test
    void statisticsTrackBytesInUseCachedAndAtPeak() {
        FakeDeviceMemory memory = new FakeDeviceMemory(64 * MIB);
        CachingAllocator<Integer> allocator = new CachingAllocator<>(memory, "cuda:0");
        CachingAllocator.Block<Integer> a = allocator.allocate(3 * MIB);
        CachingAllocator.Block<Integer> b = allocator.allocate(100);
        allocator.release(a);
        CachingAllocator.Stats stats = allocator.stats();
        assertEquals(512, stats.inUseBytes());
        assertEquals(4 * MIB, stats.cachedBytes());
        assertEquals(4 * MIB + 512, stats.peakInUseBytes());
        assertEquals(4 * MIB + 512, memory.used(), "released blocks stay allocated on the device");
        assertEquals(4 * MIB, allocator.releaseCached());
        assertEquals(512, memory.used());
        assertEquals(0, allocator.stats().cachedBytes());
        allocator.release(b);
        assertEquals(0, allocator.stats().inUseBytes());
    }

    @Test
    void whenTheDeviceIsFullTheCacheIsReleasedAndTheAllocationRetried() {
        FakeDeviceMemory memory = new FakeDeviceMemory(8 * MIB);
        CachingAllocator<Integer> allocator = new CachingAllocator<>(memory, "cuda:0");
        allocator.release(allocator.allocate(4 * MIB));
        allocator.release(allocator.allocate(2 * MIB));
        CachingAllocator.Block<Integer> big = allocator.allocate(6 * MIB); // 2 MiB free until the cache goes
        assertEquals(6 * MIB, big.bytes());
        assertEquals(2, memory.frees);
        assertEquals(6 * MIB, memory.used());
        assertEquals(0, allocator.stats().cachedBytes());
    }

    @Test
    void outOfMemorySaysWhatWasAskedWhatIsFreeAndSuggestsASmallerBatch() {
        FakeDeviceMemory memory = new FakeDeviceMemory(8 * MIB);
        CachingAllocator<Integer> allocator = new CachingAllocator<>(memory, "cuda:1");
        CachingAllocator.Block<Integer> held = allocator.allocate(2 * MIB);
        allocator.release(allocator.allocate(4 * MIB));
        DeviceOutOfMemoryException e = assertThrows(DeviceOutOfMemoryException.class, () -> allocator.allocate(7 * MIB));
        String message = e.getMessage();
        assertTrue(message.startsWith("out of memory on cuda:1: asked for 7.00 MiB (7340032 bytes)"), message);
        assertTrue(message.contains("6.00 MiB free of 8.00 MiB"), message);
        assertTrue(message.contains("tensors hold 2.00 MiB"), message);
        assertTrue(message.contains("cache held 4.00 MiB"), message);
        assertTrue(message.contains("smaller batch size"), message);
        assertEquals(2 * MIB, memory.used(), "the cache was released before giving up");
        allocator.release(held);
    }

    @Test
    void aBlockOfAnotherSizeIsRefused() {
        CachingAllocator<Integer> allocator = new CachingAllocator<>(new FakeDeviceMemory(MIB), "cuda:0");
        assertThrows(IllegalArgumentException.class, () -> allocator.release(new CachingAllocator.Block<>(7, 1000)));
    }
}
