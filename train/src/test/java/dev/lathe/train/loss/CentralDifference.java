package dev.lathe.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lathe.engine.DType;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.autograd.GradMode;
import java.util.function.Function;

/** An F64 central-difference check of the gradient of a scalar function of one tensor. */
final class CentralDifference {

    private static final double H = 1e-6;

    private CentralDifference() {
    }

    static void assertGradient(String label, Function<Tensor, Tensor> f, double[] x, int... shape) {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor leaf = Tensors.of(x, shape).requiresGrad(true);
            f.apply(leaf).backward();
            double[] analytic = leaf.grad().toDoubleArray();
            for (int i = 0; i < x.length; i++) {
                double[] up = x.clone();
                double[] down = x.clone();
                up[i] += H;
                down[i] -= H;
                double numeric = (value(f, up, shape) - value(f, down, shape)) / (2 * H);
                assertEquals(numeric, analytic[i], 1e-7 + 1e-5 * Math.abs(numeric), label + ": element " + i);
            }
        }
    }

    private static double value(Function<Tensor, Tensor> f, double[] x, int[] shape) {
        try (MemoryScope scope = MemoryScope.open(); GradMode.Restore off = GradMode.noGrad()) {
            Tensor t = Tensors.of(x, shape);
            assertEquals(DType.F64, t.dtype());
            return f.apply(t).item();
        }
    }
}
