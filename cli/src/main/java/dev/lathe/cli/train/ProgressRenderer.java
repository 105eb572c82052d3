package dev.lathe.cli.train;

import dev.lathe.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * Shows training progress: on a terminal, a bar redrawn in place (epoch, step, loss, samples/s,
 * ETA); elsewhere (logs, CI), a plain line every few seconds and one per epoch.
 */
final class ProgressRenderer implements TrainingListener {

    private static final long PLAIN_INTERVAL_NANOS = 10_000_000_000L;
    private static final int BAR_WIDTH = 24;

    private final PrintWriter out;
    private final boolean terminal;
    private long epochStart;
    private long lastPrinted;
    private int epochs;

    ProgressRenderer(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void epochStarted(int epoch, int epochs, int steps) {
        this.epochs = epochs;
        this.epochStart = System.nanoTime();
        this.lastPrinted = epochStart;
    }

    @Override
    public void stepDone(int epoch, int step, int steps, double loss, double samplesPerSecond) {
        long now = System.nanoTime();
        double elapsed = (now - epochStart) / 1e9;
        double eta = step == 0 ? 0 : elapsed / step * (steps - step);
        if (terminal) {
            int filled = (int) ((long) BAR_WIDTH * step / steps);
            out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d loss %.4f %,.0f samples/s ETA %s ",
                    epoch, epochs, "=".repeat(filled), " ".repeat(BAR_WIDTH - filled), step, steps, loss, samplesPerSecond,
                    duration(eta));
            out.flush();
        } else if (now - lastPrinted >= PLAIN_INTERVAL_NANOS) {
            lastPrinted = now;
            out.printf(Locale.ROOT, "epoch %d/%d step %d/%d loss %.4f %,.0f samples/s ETA %s%n",
                    epoch, epochs, step, steps, loss, samplesPerSecond, duration(eta));
            out.flush();
        }
    }

    @Override
    public void epochDone(int epoch, Map<String, Object> metrics) {
        StringBuilder line = new StringBuilder(terminal ? "\r" : "");
        line.append(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs));
        for (Map.Entry<String, Object> e : metrics.entrySet()) {
            if (e.getKey().equals("epoch")) {
                continue;
            }
            if (e.getValue() instanceof Double d) {
                String format = e.getKey().equals("lr") ? " %s %.3g" : e.getKey().startsWith("samples") ? " %s %,.0f" : " %s %.4f";
                line.append(String.format(Locale.ROOT, format, e.getKey(), d));
            }
        }
        out.println(line + (terminal ? " ".repeat(8) : ""));
        out.flush();
    }

    @Override
    public void message(String text) {
        out.println(text);
        out.flush();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
