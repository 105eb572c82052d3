package dev.lathe.engine.cpu;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import java.util.function.DoubleSupplier;

/** Random fills, drawn sequentially so one seed gives the same tensor whatever the thread count. */
final class CpuRandom {

    private CpuRandom() {
    }

    static void fill(Tensor out, DoubleSupplier draw) {
        CpuStorage o = CpuStorage.of(out);
        int n = out.numel();
        for (int i = 0; i < n; i++) {
            o.set(i, draw.getAsDouble());
        }
    }

    static void uniform(Tensor out, double low, double high, Generator g) {
        fill(out, () -> low + (high - low) * g.nextDouble());
    }

    static void normal(Tensor out, double mean, double std, Generator g) {
        fill(out, () -> mean + std * g.nextGaussian());
    }

    static void bernoulli(Tensor out, double p, Generator g) {
        fill(out, () -> g.nextDouble() < p ? 1.0 : 0.0);
    }
}
