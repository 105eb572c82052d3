package dev.lathe.cli.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Whether the JVM's JIT compiler has settled: in the latest window of wall time it spent less than
 * a tenth of it compiling. Until then a measurement is not of the steady state: on two cores the
 * compiler threads take time from the measured ones, and a model's training step kept getting
 * faster for several seconds (cnn-binary: 47 ms a step in the first second, 26 in the third,
 * 17 from the fifth). Where the JVM does not report its compilation time, it counts as settled.
 */
final class JitSettling {

    static final long WINDOW_NANOS = 500_000_000L;

    private final LongSupplier compileMillis;
    private final LongSupplier clock;
    private long windowStart;
    private long compiledAtStart;
    private boolean settled;

    JitSettling(LongSupplier compileMillis, LongSupplier nanoClock) {
        this.compileMillis = compileMillis;
        this.clock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
        this.compiledAtStart = compileMillis.getAsLong();
    }

    /** Watches this JVM's JIT compiler. */
    static JitSettling ofThisJvm() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return new JitSettling(() -> 0, System::nanoTime);
        }
        return new JitSettling(jit::getTotalCompilationTime, System::nanoTime);
    }

    /** Checks the window once it is full, then starts the next one; false until the first window is full. */
    boolean settled() {
        long now = clock.getAsLong();
        if (now - windowStart >= WINDOW_NANOS) {
            long compiled = compileMillis.getAsLong();
            settled = (compiled - compiledAtStart) * 1_000_000L * 10 < now - windowStart;
            windowStart = now;
            compiledAtStart = compiled;
        }
        return settled;
    }
}
