package dev.lathe.engine.cuda;

import java.util.HashMap;
import java.util.Map;

/** Device memory of a fixed capacity whose blocks are numbered handles; counts what was allocated and freed. */
final class FakeDeviceMemory implements DeviceMemory<Integer> {

    private final long capacity;
    private final Map<Integer, Long> live = new HashMap<>();
    private int nextHandle;
    int allocations;
    int frees;

    FakeDeviceMemory(long capacity) {
        this.capacity = capacity;
    }

    @Override
    public Integer allocate(long bytes) {
        if (used() + bytes > capacity) {
            return null;
        }
        allocations++;
        live.put(nextHandle, bytes);
        return nextHandle++;
    }

    @Override
    public void free(Integer block) {
        if (live.remove(block) == null) {
            throw new AssertionError("block " + block + " freed twice or never allocated");
        }
        frees++;
    }

    @Override
    public long freeBytes() {
        return capacity - used();
    }

    @Override
    public long totalBytes() {
        return capacity;
    }

    long used() {
        return live.values().stream().mapToLong(Long::longValue).sum();
    }
}
