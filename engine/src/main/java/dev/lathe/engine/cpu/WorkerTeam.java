package dev.lathe.engine.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU backend's worker threads: the caller runs the first chunk of a split loop, and the
 * workers and the caller claim the others (see {@link Job}). Idle workers spin for a while before
 * they park, because waking a parked thread costs tens of microseconds on a VM (a ForkJoinPool
 * made two threads slower than one on small products; futex wake-ups were a tenth of bert-tiny's
 * inference). How long adapts to the gaps between loops: twice the typical gap, within
 * [{@link #MIN_SPIN_NANOS}, {@link #MAX_SPIN_NANOS}], and the minimum when loops come further
 * apart than the maximum, where spinning would only burn a core that serial work (one GEMM on
 * OpenBLAS) could use. One split loop runs at a time; a second caller meanwhile runs its loop
 * alone.
 */
final class WorkerTeam {

    private static final long MIN_SPIN_NANOS = 100_000;
    private static final long MAX_SPIN_NANOS = 1_000_000;

    /**
     * One split loop: {@code chunks} contiguous pieces of [0, n). The caller runs piece 0; pieces
     * 1.. go to whoever claims them first, a worker or the caller once its own piece is done, so a
     * worker that is slow to wake never holds the caller up for longer than the piece takes.
     */
    private record Job(Parallel.RangeBody body, int n, int chunks, AtomicInteger next) {

        Job(Parallel.RangeBody body, int n, int chunks) {
            this(body, n, chunks, new AtomicInteger(1));
        }

        int from(int chunk) {
            return (int) ((long) n * chunk / chunks);
        }

        /** The next unclaimed piece, or a number >= chunks when none is left. */
        int claim() {
            return next.get() < chunks ? next.getAndIncrement() : chunks;
        }
    }

    /** What a new worker has seen: nothing, so a loop published before it starts is still its to run. */
    private static final Job NO_JOB = new Job((from, to) -> { }, 0, 0);

    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger pending = new AtomicInteger();
    /** The latest loop; a new object per loop, so a worker recognises a new one by reference. */
    private volatile Job job = NO_JOB;
    private volatile Throwable failure;
    private volatile boolean stopped;
    /** When the latest loop was published, and a running average of the gaps between loops. */
    private long lastStart = System.nanoTime();
    private long typicalGap = MAX_SPIN_NANOS * 2;
    private volatile long spinNanos = MIN_SPIN_NANOS;

    WorkerTeam(int threads) {
        workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    int threads() {
        return workers.length + 1;
    }

    /**
     * Runs {@code body} over [0, n) in {@code chunks} pieces (at most {@link #threads()}), the first
     * on this thread; false, having run nothing, when another loop holds the team.
     */
    boolean tryRun(int n, int chunks, Parallel.RangeBody body) {
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            Job j = new Job(body, n, chunks);
            adaptSpin();
            failure = null;
            pending.set(chunks);
            job = j;
            for (int i = 0; i < chunks - 1; i++) {
                workers[i].wake();
            }
            runPiece(j, 0);
            for (int piece = j.claim(); piece < chunks; piece = j.claim()) {
                runPiece(j, piece);
            }
            while (pending.get() > 0) {
                Thread.onSpinWait();
            }
            Throwable t = failure;
            if (t != null) {
                rethrow(t);
            }
            return true;
        } finally {
            busy.set(false);
        }
    }

    /** Updates the workers' spin time from the gap since the previous loop (called with the team held). */
    private void adaptSpin() {
        long now = System.nanoTime();
        long gap = Math.min(now - lastStart, 4 * MAX_SPIN_NANOS);
        lastStart = now;
        typicalGap += (gap - typicalGap) / 4;
        spinNanos = typicalGap > MAX_SPIN_NANOS ? MIN_SPIN_NANOS : Math.max(MIN_SPIN_NANOS, Math.min(MAX_SPIN_NANOS, 2 * typicalGap));
    }

    /** Runs one piece of a loop, keeping its failure for the caller. */
    private void runPiece(Job j, int piece) {
        try {
            j.body().run(j.from(piece), j.from(piece + 1));
        } catch (Throwable t) {
            failure = t;
        } finally {
            pending.decrementAndGet();
        }
    }

    void shutdown() {
        stopped = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }

    private final class Worker extends Thread {
        private volatile boolean parked;

        Worker(int number) {
            super("lathe-cpu-" + number);
            setDaemon(true);
        }

        void wake() {
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            Parallel.markWorker();
            Job seen = NO_JOB;
            while (!stopped) {
                Job j = awaitJob(seen);
                if (j == seen) {
                    continue;
                }
                seen = j;
                for (int piece = j.claim(); piece < j.chunks(); piece = j.claim()) {
                    runPiece(j, piece);
                }
            }
        }

        /** Spins, then parks, until a loop other than {@code seen} is published or the team stops; returns the latest. */
        private Job awaitJob(Job seen) {
            long deadline = System.nanoTime() + spinNanos;
            while (job == seen && !stopped) {
                if (System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                    continue;
                }
                // publish "parked" before the last look, so a loop published meanwhile unparks us
                parked = true;
                if (job == seen && !stopped) {
                    LockSupport.park(this);
                }
                parked = false;
                deadline = System.nanoTime() + spinNanos;
            }
            return job;
        }
    }
}
