package dev.lathe.cli.bench;

import java.util.Arrays;

/**
 * How every {@code lathe bench} case is timed, shared with {@code bench/pytorch_micro.py} and
 * {@code bench/pytorch_models.py}: untimed warm-up calls (at least {@code warmup} of them and at
 * least a quarter of the time budget, and here, until the JIT compiler has settled ({@link
 * JitSettling}), for at most {@link #MAX_WARMUP_BUDGETS} budgets; Python has no JIT to wait
 * for), then timed calls, one clock reading around each, until both {@code minTimeMs} of timed
 * work and {@code minReps} calls are done, or {@code maxReps} calls.
 */
public final class Timing {

    /** How long and how often each case runs. */
    public record Settings(int warmup, int minReps, int maxReps, long minTimeMs) {

        public static Settings defaults() {
            return new Settings(3, 5, 10_000, 1000);
        }
    }

    /** The timed calls of one case: how many, and the best and median time per call. */
    public record Times(int reps, double bestMs, double medianMs) {
    }

    /** Longest warm-up while the JIT is still compiling, in time budgets ({@code minTimeMs}). */
    static final int MAX_WARMUP_BUDGETS = 8;

    private Timing() {
    }

    /** Times {@code body} by the method in the class comment. */
    public static Times measure(Settings settings, Runnable body) {
        long warmStart = System.nanoTime();
        long warmBudget = settings.minTimeMs() * 1_000_000L / 4;
        long warmCap = Math.max(warmBudget, MAX_WARMUP_BUDGETS * settings.minTimeMs() * 1_000_000L);
        JitSettling jit = JitSettling.ofThisJvm();
        for (int i = 0; i < settings.warmup() || System.nanoTime() - warmStart < warmBudget
                || !jit.settled() && System.nanoTime() - warmStart < warmCap; i++) {
            body.run();
        }
        long[] times = new long[Math.min(settings.maxReps(), 1024)];
        int reps = 0;
        long total = 0;
        long budget = settings.minTimeMs() * 1_000_000L;
        while (reps < settings.maxReps() && (reps < settings.minReps() || total < budget)) {
            long t0 = System.nanoTime();
            body.run();
            long dt = System.nanoTime() - t0;
            if (reps == times.length) {
                times = Arrays.copyOf(times, Math.min(settings.maxReps(), times.length * 2));
            }
            times[reps++] = dt;
            total += dt;
        }
        long[] sorted = Arrays.copyOf(times, reps);
        Arrays.sort(sorted);
        double median = reps % 2 == 1 ? sorted[reps / 2] : (sorted[reps / 2 - 1] + sorted[reps / 2]) / 2.0;
        return new Times(reps, sorted[0] / 1e6, median / 1e6);
    }
}
