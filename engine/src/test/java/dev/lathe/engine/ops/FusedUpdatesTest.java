package dev.lathe.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.backend.AdamStep;
import org.junit.jupiter.api.Test;

class FusedUpdatesTest {

    /** torch.optim.Adam's step for one element, written out in double precision. */
    private static double[] adamByHand(double w, double g, double m, double v, AdamStep s) {
        if (s.decoupledWeightDecay()) {
            w *= 1 - s.lr() * s.weightDecay();
        } else {
            g += s.weightDecay() * w;
        }
        m = m + (1 - s.beta1()) * (g - m);
        v = s.beta2() * v + (1 - s.beta2()) * g * g;
        double bias1 = 1 - Math.pow(s.beta1(), s.step());
        double bias2 = 1 - Math.pow(s.beta2(), s.step());
        w -= s.lr() / bias1 * m / (Math.sqrt(v) / Math.sqrt(bias2) + s.eps());
        return new double[] {w, m, v};
    }

    @Test
    void adamRewritesTheWeightAndBothMomentsAsTorchDoes() {
        double[] w = {0.5, -1.25, 2.0};
        double[] g = {0.1, 0.4, -3.0};
        double[] m = {0.02, -0.3, 0.0};
        double[] v = {0.001, 0.2, 0.0};
        for (boolean decoupled : new boolean[] {false, true}) {
            AdamStep step = new AdamStep(0.05, 0.8, 0.99, 1e-6, 0.3, decoupled, 4);
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor value = Tensors.of(w.clone(), 3);
                Tensor expAvg = Tensors.of(m.clone(), 3);
                Tensor expAvgSq = Tensors.of(v.clone(), 3);
                FusedUpdates.adam(value, Tensors.of(g.clone(), 3), expAvg, expAvgSq, step);
                for (int i = 0; i < 3; i++) {
                    double[] expected = adamByHand(w[i], g[i], m[i], v[i], step);
                    assertEquals(expected[0], value.toDoubleArray()[i], 1e-15, "weight " + i);
                    assertEquals(expected[1], expAvg.toDoubleArray()[i], 1e-15, "exp_avg " + i);
                    assertEquals(expected[2], expAvgSq.toDoubleArray()[i], 1e-15, "exp_avg_sq " + i);
                }
            }
        }
    }

    @Test
    void aNonContiguousGradientGivesTheSameUpdateAsItsContiguousCopy() {
        AdamStep step = new AdamStep(0.01, 0.9, 0.999, 1e-8, 0, false, 1);
        try (MemoryScope scope = MemoryScope.open()) {
            Generator generator = new Generator(7);
            Tensor gradT = Tensors.uniform(-1, 1, DType.F32, Device.CPU, generator, 6, 4);
            Tensor grad = gradT.transpose(0, 1);
            assertTrue(!grad.isContiguous());
            Tensor start = Tensors.uniform(-1, 1, DType.F32, Device.CPU, generator, 4, 6);
            Tensor a = Tensors.copyOf(start);
            Tensor b = Tensors.copyOf(start);
            FusedUpdates.adam(a, grad, Tensors.zeros(DType.F32, Device.CPU, 4, 6), Tensors.zeros(DType.F32, Device.CPU, 4, 6), step);
            FusedUpdates.adam(b, grad.contiguous(), Tensors.zeros(DType.F32, Device.CPU, 4, 6), Tensors.zeros(DType.F32, Device.CPU, 4, 6), step);
            assertArrayEquals(b.toFloatArray(), a.toFloatArray());
        }
    }

    @Test
    void mismatchedOrNonContiguousOperandsAreRejectedWithTheirShapes() {
        AdamStep step = new AdamStep(0.01, 0.9, 0.999, 1e-8, 0, false, 1);
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor value = Tensors.zeros(DType.F32, Device.CPU, 3, 2);
            Tensor state = Tensors.zeros(DType.F32, Device.CPU, 3, 2);
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                    () -> FusedUpdates.adam(value, Tensors.zeros(DType.F32, Device.CPU, 2, 3), state, Tensors.zeros(DType.F32, Device.CPU, 3, 2), step));
            assertTrue(shape.getMessage().contains("[2, 3]") && shape.getMessage().contains("[3, 2]"), shape.getMessage());
            Tensor transposed = Tensors.zeros(DType.F32, Device.CPU, 2, 3).transpose(0, 1);
            IllegalArgumentException layout = assertThrows(IllegalArgumentException.class,
                    () -> FusedUpdates.adam(transposed, value, state, Tensors.zeros(DType.F32, Device.CPU, 3, 2), step));
            assertTrue(layout.getMessage().contains("contiguous"), layout.getMessage());
        }
    }
}
