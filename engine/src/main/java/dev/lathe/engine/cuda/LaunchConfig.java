package dev.lathe.engine.cuda;

/**
 * Launch geometry for kernels that walk their items in grid-stride loops: blocks of 256 threads,
 * one block per 256 items, but no more than 32 blocks per multiprocessor — enough resident warps to
 * hide memory latency, while larger tensors loop instead of launching millions of blocks.
 */
public final class LaunchConfig {

    public static final int BLOCK_SIZE = 256;
    public static final int BLOCKS_PER_MULTIPROCESSOR = 32;

    private LaunchConfig() {
    }

    /** The grid size for {@code items} work items (at least 1) on a GPU with {@code multiprocessors}. */
    public static int grid(long items, int multiprocessors) {
        if (items < 0 || multiprocessors < 1) {
            throw new IllegalArgumentException("launch of " + items + " items on " + multiprocessors + " multiprocessors");
        }
        long blocks = (items + BLOCK_SIZE - 1) / BLOCK_SIZE;
        return (int) Math.max(1, Math.min(blocks, (long) multiprocessors * BLOCKS_PER_MULTIPROCESSOR));
    }
}
