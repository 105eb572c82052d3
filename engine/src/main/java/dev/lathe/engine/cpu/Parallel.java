package dev.lathe.engine.cpu;


/** Splits index ranges over the CPU backend's worker threads when the work is worth it. */
public final class Parallel {

    /** Below this many element-operations (on the order of 100 µs) a loop runs on the calling thread. */
    private static final long MIN_PARALLEL_WORK = 1 << 18;

    /** Set on workers, and on a caller while it runs its own chunk, so loops inside a chunk stay serial. */
    private static final ThreadLocal<boolean[]> IN_SPLIT = ThreadLocal.withInitial(() -> new boolean[1]);

    private static volatile WorkerTeam team = new WorkerTeam(Runtime.getRuntime().availableProcessors());

    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private Parallel() {
    }

    public static int threads() {
        return team.threads();
    }

    /** Sets the number of worker threads for CPU kernels (default: all cores). */
    public static synchronized void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + threads);
        }
        if (threads != team.threads()) {
            WorkerTeam old = team;
            team = new WorkerTeam(threads);
            old.shutdown();
        }
    }

    static void markWorker() {
        IN_SPLIT.get()[0] = true;
    }

    /**
     * Runs {@code body} over [0, n) in contiguous chunks, one per thread, when
     * {@code n * costPerItem} is large enough; otherwise on the calling thread.
     */
    public static void forRange(int n, long costPerItem, RangeBody body) {
        WorkerTeam t = team;
        int threads = t.threads();
        long work = (long) n * Math.max(costPerItem, 1);
        boolean[] inSplit = IN_SPLIT.get();
        if (threads == 1 || n < 2 || work < MIN_PARALLEL_WORK || inSplit[0]) {
            body.run(0, n);
            return;
        }
        int chunks = (int) Math.min(threads, Math.min(n, work / MIN_PARALLEL_WORK));
        inSplit[0] = true;
        try {
            if (t.tryRun(n, chunks, body)) {
                return;
            }
        } finally {
            inSplit[0] = false;
        }
        body.run(0, n);
    }
}
