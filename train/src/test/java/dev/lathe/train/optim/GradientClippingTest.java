package dev.lathe.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lathe.engine.DType;
import dev.lathe.engine.Tensors;
import dev.lathe.layers.Parameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** clip_grad_norm_ and clip_grad_value_ semantics on hand-picked gradients. */
class GradientClippingTest {

    /** w gets [[3, 0], [0, 0]] and b [0, 4]: together a norm of 5; "unused" has no gradient. */
    private static QuadraticProblem withGradients() {
        QuadraticProblem model = new QuadraticProblem(DType.F64);
        Map<String, Parameter> p = model.namedParameters();
        p.get("w").value().setGrad(Tensors.of(new double[] {3, 0, 0, 0}, 2, 2));
        p.get("b").value().setGrad(Tensors.of(new double[] {0, 4}, 2));
        return model;
    }

    @Test
    void clipByNormScalesAllGradientsTogether() {
        try (QuadraticProblem model = withGradients()) {
            Map<String, Parameter> p = model.namedParameters();
            assertEquals(5.0, GradientClipping.clipByNorm(p.values(), 1.0), 1e-15);
            double scale = 1.0 / (5.0 + 1e-6);
            assertArrayEquals(new double[] {3 * scale, 0, 0, 0}, p.get("w").grad().toDoubleArray(), 1e-15);
            assertArrayEquals(new double[] {0, 4 * scale}, p.get("b").grad().toDoubleArray(), 1e-15);
            assertNull(p.get("unused").grad());
        }
    }

    @Test
    void clipByNormLeavesSmallGradientsAlone() {
        try (QuadraticProblem model = withGradients()) {
            Map<String, Parameter> p = model.namedParameters();
            assertEquals(5.0, GradientClipping.clipByNorm(p.values(), 5.0 + 2e-6), 1e-15);
            assertArrayEquals(new double[] {3, 0, 0, 0}, p.get("w").grad().toDoubleArray());
            // a norm just below the maximum is still scaled a little, as min(1, max/(norm + 1e-6)) gives
            assertEquals(4.0, GradientClipping.clipByNorm(List.of(p.get("b")), 4.0 + 5e-7), 1e-15);
            assertEquals(4 * (4.0 + 5e-7) / (4.0 + 1e-6), p.get("b").grad().toDoubleArray()[1], 1e-15);
            assertEquals(0.0, GradientClipping.clipByNorm(List.of(p.get("unused")), 1.0));
            assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipByNorm(p.values(), 0));
        }
    }

    @Test
    void clipByValueClampsEachElement() {
        try (QuadraticProblem model = withGradients()) {
            Map<String, Parameter> p = model.namedParameters();
            p.get("w").value().setGrad(Tensors.of(new double[] {3, -0.25, -7, 0.5}, 2, 2));
            GradientClipping.clipByValue(p.values(), 0.5);
            assertArrayEquals(new double[] {0.5, -0.25, -0.5, 0.5}, p.get("w").grad().toDoubleArray());
            assertArrayEquals(new double[] {0, 0.5}, p.get("b").grad().toDoubleArray());
            assertNull(p.get("unused").grad());
            assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipByValue(p.values(), -1));
        }
    }
}
