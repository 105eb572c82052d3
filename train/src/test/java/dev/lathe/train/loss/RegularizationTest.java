package dev.lathe.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.layers.Module;
import dev.lathe.layers.Parameter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The L1/L2 penalty covers weights of rank ≥ 2 only; its value and gradient by hand. */
class RegularizationTest {

    private static final double[] WEIGHT = {0.5, -2, 0, 1.5, -0.25, 3};
    private static final double[] KERNEL = {1, -1};

    /** A weight matrix [2, 3], a kernel [1, 1, 2], and a bias and a norm scale that must not count. */
    private static final class Weights extends Module {
        Weights() {
            addParameter("weight", Tensors.of(WEIGHT, 2, 3));
            addParameter("kernel", Tensors.of(KERNEL, 1, 1, 2));
            addParameter("bias", Tensors.of(new double[] {5, -6}, 2));
            addParameter("scale", Tensors.of(new double[] {7}, 1));
        }
    }

    @Test
    void penaltyAndGradient() {
        try (Weights model = new Weights()) {
            Map<String, Parameter> p = model.namedParameters();
            double l1 = 0.1;
            double l2 = 0.01;
            double absolute = 0;
            double squares = 0;
            for (double[] values : new double[][] {WEIGHT, KERNEL}) {
                for (double v : values) {
                    absolute += Math.abs(v);
                    squares += v * v;
                }
            }
            Tensor penalty = Regularization.penalty(p.values(), l1, l2);
            assertEquals(l1 * absolute + l2 * squares, penalty.item(), 1e-15);
            penalty.backward();
            double[] expected = new double[WEIGHT.length];
            for (int i = 0; i < WEIGHT.length; i++) {
                expected[i] = l1 * Math.signum(WEIGHT[i]) + 2 * l2 * WEIGHT[i];
            }
            assertArrayEquals(expected, p.get("weight").grad().toDoubleArray(), 1e-15);
            assertArrayEquals(new double[] {0.1 + 0.02, -0.1 - 0.02}, p.get("kernel").grad().toDoubleArray(), 1e-15);
            assertNull(p.get("bias").grad());
            assertNull(p.get("scale").grad());
        }
    }

    @Test
    void eachStrengthAlone() {
        try (Weights model = new Weights()) {
            assertEquals(0.5 * (0.5 + 2 + 0 + 1.5 + 0.25 + 3 + 2), Regularization.penalty(model.parameters(), 0.5, 0).item(), 1e-15);
            assertEquals(2 * (0.25 + 4 + 0 + 2.25 + 0.0625 + 9 + 2), Regularization.penalty(model.parameters(), 0, 2).item(), 1e-15);
            assertNull(Regularization.penalty(model.parameters(), 0, 0));
            assertThrows(IllegalArgumentException.class, () -> Regularization.penalty(model.parameters(), -1, 0));
        }
    }
}
