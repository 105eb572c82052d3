package dev.lathe.engine.cpu;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;

/**
 * Random fills, drawn sequentially so one seed gives the same tensor whatever the thread count.
 * Draws come a chunk at a time, one generator lock per chunk rather than per element.
 */
final class CpuRandom {

    private CpuRandom() {
    }

    /** Draws {@code n} values into {@code into[0, n)} and turns them into the distribution's values in place. */
    @FunctionalInterface
    private interface ChunkDraw {
        void draw(double[] into, int n);
    }

    private static void fill(Tensor out, ChunkDraw draw) {
        CpuStorage o = CpuStorage.of(out);
        double[] values = Chunk.scratch()[0];
        int n = out.numel();
        for (int from = 0; from < n; from += Chunk.LENGTH) {
            int length = Math.min(Chunk.LENGTH, n - from);
            draw.draw(values, length);
            Chunk.store(values, length, o, from, 1);
        }
    }

    static void uniform(Tensor out, double low, double high, Generator g) {
        fill(out, (values, n) -> {
            g.nextDoubles(values, n);
            for (int i = 0; i < n; i++) {
                values[i] = low + (high - low) * values[i];
            }
        });
    }

    static void normal(Tensor out, double mean, double std, Generator g) {
        fill(out, (values, n) -> {
            g.nextGaussians(values, n);
            for (int i = 0; i < n; i++) {
                values[i] = mean + std * values[i];
            }
        });
    }

    static void bernoulli(Tensor out, double p, Generator g) {
        fill(out, (values, n) -> {
            g.nextDoubles(values, n);
            for (int i = 0; i < n; i++) {
                values[i] = values[i] < p ? 1.0 : 0.0;
            }
        });
    }
}
