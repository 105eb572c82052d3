package dev.lathe.engine.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/** Splits index ranges over the CPU backend's worker threads when the work is worth it. */
public final class Parallel {

    /** Below this many element-operations a loop runs on the calling thread. */
    private static final long MIN_PARALLEL_WORK = 32_768;

    private static volatile ForkJoinPool pool = newPool(Runtime.getRuntime().availableProcessors());

    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private Parallel() {
    }

    private static ForkJoinPool newPool(int threads) {
        return new ForkJoinPool(threads);
    }

    public static int threads() {
        return pool.getParallelism();
    }

    /** Sets the number of worker threads for CPU kernels (default: all cores). */
    public static synchronized void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + threads);
        }
        if (threads != pool.getParallelism()) {
            ForkJoinPool old = pool;
            pool = newPool(threads);
            old.shutdown();
        }
    }

    /**
     * Runs {@code body} over [0, n) in contiguous chunks, one per thread, when
     * {@code n * costPerItem} is large enough; otherwise on the calling thread.
     */
    public static void forRange(int n, long costPerItem, RangeBody body) {
        ForkJoinPool p = pool;
        int threads = p.getParallelism();
        long work = (long) n * Math.max(costPerItem, 1);
        boolean nested = Thread.currentThread() instanceof ForkJoinWorkerThread;
        if (threads == 1 || n < 2 || work < MIN_PARALLEL_WORK || nested) {
            body.run(0, n);
            return;
        }
        int chunks = (int) Math.min(threads, Math.min(n, work / MIN_PARALLEL_WORK));
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            tasks[c - 1] = p.submit(() -> body.run(from, to));
        }
        body.run(0, (int) ((long) n / chunks));
        for (ForkJoinTask<?> task : tasks) {
            task.join();
        }
    }
}
