package dev.lathe.cli.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JitSettlingTest {

    private static final long MS = 1_000_000L;

    @Test
    void settlesOnceAFullWindowSpentLessThanATenthCompiling() {
        AtomicLong now = new AtomicLong(0);
        AtomicLong compiledMs = new AtomicLong(2000);
        JitSettling jit = new JitSettling(compiledMs::get, now::get);
        // the first window is not full yet: nothing is known
        now.set(499 * MS);
        assertFalse(jit.settled());
        // 60 ms of compilation in a 500 ms window is more than a tenth
        now.set(500 * MS);
        compiledMs.set(2060);
        assertFalse(jit.settled());
        // the verdict holds until the next window is full
        now.set(900 * MS);
        assertFalse(jit.settled());
        // 40 ms in the next 500 ms window is less than a tenth
        now.set(1000 * MS);
        compiledMs.set(2100);
        assertTrue(jit.settled());
        // and a burst of compilation afterwards unsettles it again
        now.set(1500 * MS);
        compiledMs.set(2400);
        assertFalse(jit.settled());
    }

    @Test
    void aJvmThatReportsNoCompilationTimeSettlesAfterOneWindow() {
        AtomicLong now = new AtomicLong(0);
        JitSettling jit = new JitSettling(() -> 0, now::get);
        assertFalse(jit.settled());
        now.set(JitSettling.WINDOW_NANOS);
        assertTrue(jit.settled());
    }
}
