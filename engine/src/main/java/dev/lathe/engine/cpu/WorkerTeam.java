package dev.lathe.engine.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU backend's worker threads: the caller runs the first chunk of a split loop and one
 * worker runs each other chunk. Idle workers spin for a short while before they park, because a
 * training step is a chain of loops a few hundred microseconds apart and waking a parked thread
 * costs tens of microseconds on a VM (a ForkJoinPool made two threads slower than one on small
 * products). One split loop runs at a time; a second caller meanwhile runs its loop alone.
 */
final class WorkerTeam {

    /** How long an idle worker spins before parking; about a layer's worth of serial work. */
    private static final long SPIN_NANOS = 100_000;

    /** One split loop: {@code chunks} contiguous pieces of [0, n). */
    private record Job(Parallel.RangeBody body, int n, int chunks) {

        int from(int chunk) {
            return (int) ((long) n * chunk / chunks);
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
            failure = null;
            pending.set(chunks - 1);
            job = j;
            for (int i = 0; i < chunks - 1; i++) {
                workers[i].wake();
            }
            body.run(0, j.from(1));
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
        private final int chunk;
        private volatile boolean parked;

        Worker(int chunk) {
            super("lathe-cpu-" + chunk);
            this.chunk = chunk;
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
                if (chunk >= j.chunks()) {
                    continue;
                }
                try {
                    j.body().run(j.from(chunk), j.from(chunk + 1));
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    pending.decrementAndGet();
                }
            }
        }

        /** Spins, then parks, until a loop other than {@code seen} is published or the team stops; returns the latest. */
        private Job awaitJob(Job seen) {
            long deadline = System.nanoTime() + SPIN_NANOS;
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
                deadline = System.nanoTime() + SPIN_NANOS;
            }
            return job;
        }
    }
}
