package dev.lathe.engine.autograd;

/** Whether ops on this thread record the graph. {@code try (var off = GradMode.noGrad()) { ... }} turns recording off. */
public final class GradMode {

    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private GradMode() {
    }

    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /** A scope in which no op records gradients; closing it restores the previous mode. */
    public static Restore noGrad() {
        return set(false);
    }

    /** A scope in which ops record gradients again (for example inside a noGrad block). */
    public static Restore enableGrad() {
        return set(true);
    }

    private static Restore set(boolean enabled) {
        boolean previous = ENABLED.get();
        ENABLED.set(enabled);
        return new Restore(previous);
    }

    /** Restores the previous mode when closed. */
    public static final class Restore implements AutoCloseable {
        private final boolean previous;

        private Restore(boolean previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            ENABLED.set(previous);
        }
    }
}
