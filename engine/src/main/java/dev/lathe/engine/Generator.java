package dev.lathe.engine;

import java.util.SplittableRandom;

/**
 * A seeded random stream. One seed reproduces a whole run: initialisation, dropout masks and
 * shuffling all draw from generators derived from it.
 */
public final class Generator {

    private static Generator global = new Generator(0x1a7e);

    private SplittableRandom random;
    private double spareGaussian = Double.NaN;

    public Generator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The process-wide generator used when none is given. */
    public static synchronized Generator global() {
        return global;
    }

    /** Re-seeds the process-wide generator. */
    public static synchronized void manualSeed(long seed) {
        global = new Generator(seed);
    }

    /** Restarts the stream as if it had been created with {@code seed}. */
    public synchronized void reseed(long seed) {
        random = new SplittableRandom(seed);
        spareGaussian = Double.NaN;
    }

    public synchronized double nextDouble() {
        return random.nextDouble();
    }

    /** Fills {@code into[0, n)} with what n calls of {@link #nextDouble} would return, under one lock. */
    public synchronized void nextDoubles(double[] into, int n) {
        for (int i = 0; i < n; i++) {
            into[i] = random.nextDouble();
        }
    }

    /** Fills {@code into[0, n)} with what n calls of {@link #nextGaussian} would return, under one lock. */
    public synchronized void nextGaussians(double[] into, int n) {
        for (int i = 0; i < n; i++) {
            into[i] = nextGaussian();
        }
    }

    public synchronized int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public synchronized long nextLong() {
        return random.nextLong();
    }

    /** Standard normal by the polar Box–Muller method. */
    public synchronized double nextGaussian() {
        if (!Double.isNaN(spareGaussian)) {
            double g = spareGaussian;
            spareGaussian = Double.NaN;
            return g;
        }
        double u;
        double v;
        double s;
        do {
            u = random.nextDouble() * 2 - 1;
            v = random.nextDouble() * 2 - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * m;
        return u * m;
    }

    /** An independent child stream, e.g. one per data-loader epoch. */
    public synchronized Generator split() {
        Generator child = new Generator(0);
        child.random = random.split();
        return child;
    }
}
