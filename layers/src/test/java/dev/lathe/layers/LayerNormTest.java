package dev.lathe.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerNormTest {

    @Test
    void normalisesTheLastDimensionThenScalesAndShifts() {
        try (LayerNorm ln = new LayerNorm(4); Tensor w = Tensors.of(new float[] {1, 2, 3, 4}, 4); Tensor b = Tensors.of(new float[] {0, 0, 1, 1}, 4)) {
            ln.loadStateDict(Map.of("weight", w, "bias", b), true);
            ln.to(DType.F64);
            // row {1, 2, 3, 6}: mean 3, biased variance (4 + 1 + 0 + 9) / 4 = 3.5
            try (Tensor x = Tensors.of(new double[] {1, 2, 3, 6, 5, 5, 5, 5}, 2, 4)) {
                double s = Math.sqrt(3.5 + 1e-5);
                assertArrayEquals(new double[] {-2 / s, 2 * -1 / s, 1, 4 * 3 / s + 1, 0, 0, 1, 1}, ln.forward(x).toDoubleArray(), 1e-12);
            }
        }
    }

    @Test
    void normalisesOverSeveralTrailingDimensions() {
        try (LayerNorm ln = new LayerNorm(new int[] {2, 2}, 1e-5, false)) {
            assertEquals(List.of(), List.copyOf(ln.stateDict().keySet()));
            ln.to(DType.F64);
            // {0, 2, 4, 6}: mean 3, variance 5
            try (Tensor x = Tensors.of(new double[] {0, 2, 4, 6}, 1, 2, 2)) {
                double s = Math.sqrt(5 + 1e-5);
                assertArrayEquals(new double[] {-3 / s, -1 / s, 1 / s, 3 / s}, ln.forward(x).toDoubleArray(), 1e-12);
            }
        }
    }

    @Test
    void parametersMatchPyTorch() {
        try (LayerNorm ln = new LayerNorm(3, 5)) {
            assertEquals(List.of("weight", "bias"), List.copyOf(ln.stateDict().keySet()));
            assertArrayEquals(new int[] {3, 5}, ln.weight().value().shape());
            assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, ln.weight().value().toFloatArray());
            assertArrayEquals(new float[15], ln.bias().value().toFloatArray());
            assertEquals(30, ln.parameterCount());
            assertEquals("LayerNorm([3, 5])", ln.describe());
        }
    }

    @Test
    void shapesMustEndInTheNormalizedShape() {
        try (LayerNorm ln = new LayerNorm(3, 5)) {
            assertArrayEquals(new int[] {7, 3, 5}, ln.outputShape(new int[] {7, 3, 5}));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ln.outputShape(new int[] {5, 3}));
            assertEquals("LayerNorm([3, 5]) needs inputs ending in [3, 5], got [N, 5, 3]", e.getMessage());
            try (Tensor x = Tensors.zeros(5)) {
                assertTrue(assertThrows(IllegalArgumentException.class, () -> ln.forward(x)).getMessage().contains("got [5] f32"));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(new int[0], 1e-5, true));
    }
}
