package dev.lathe.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flatten, Dropout and the activation layers: parameterless, shape-preserving or reshaping. */
class SimpleLayersTest {

    @Test
    void flattenKeepsTheBatchDimension() {
        Flatten flatten = new Flatten();
        try (Tensor x = Tensors.arange(24, DType.F32, Device.CPU).reshape(2, 3, 2, 2); Tensor y = flatten.forward(x)) {
            assertArrayEquals(new int[] {2, 12}, y.shape());
            assertArrayEquals(x.toFloatArray(), y.toFloatArray());
        }
        assertArrayEquals(new int[] {12}, flatten.outputShape(new int[] {3, 2, 2}));
        assertArrayEquals(new int[] {5}, flatten.outputShape(new int[] {5}));
        assertEquals("Flatten", flatten.describe());
        assertEquals(List.of(), List.copyOf(flatten.stateDict().keySet()));
    }

    @Test
    void flattenARangeOfDimensions() {
        assertArrayEquals(new int[] {3, 8, 5}, new Flatten(2, 3).outputShape(new int[] {3, 2, 4, 5}));
        assertArrayEquals(new int[] {3, 2, 20}, new Flatten(-2, -1).outputShape(new int[] {3, 2, 4, 5}));
        try (Tensor x = Tensors.zeros(7, 3, 2, 4, 5)) {
            assertArrayEquals(new int[] {7, 3, 8, 5}, new Flatten(2, 3).forward(x).shape());
        }
        assertThrows(IllegalArgumentException.class, () -> new Flatten(0, -1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Flatten(-3, -1).outputShape(new int[] {4, 5}));
        assertTrue(e.getMessage().contains("batch dimension"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Flatten(3, 2).outputShape(new int[] {2, 3, 4}));
    }

    @Test
    void dropoutZeroesAboutPAndScalesTheRestWhileTraining() {
        Dropout dropout = new Dropout(0.25, new Generator(5));
        try (Tensor x = Tensors.ones(100, 100)) {
            float[] y = dropout.forward(x).toFloatArray();
            int zeros = 0;
            for (float v : y) {
                if (v == 0) {
                    zeros++;
                } else {
                    assertEquals(1 / 0.75f, v, 1e-6f);
                }
            }
            assertEquals(2500, zeros, 200);
            dropout.eval();
            assertSame(x, dropout.forward(x));
        }
        assertEquals("Dropout(0.25)", dropout.describe());
        assertArrayEquals(new int[] {3, 4}, dropout.outputShape(new int[] {3, 4}));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5, new Generator(1)));
    }

    @Test
    void dropoutIsReproducibleFromTheSeed() {
        try (Tensor x = Tensors.ones(50)) {
            assertArrayEquals(new Dropout(0.5, new Generator(9)).forward(x).toFloatArray(), new Dropout(0.5, new Generator(9)).forward(x).toFloatArray());
        }
    }

    private static double[] apply(Layer layer, double... values) {
        try (Tensor x = Tensors.of(values, 1, values.length)) {
            return layer.forward(x).toDoubleArray();
        }
    }

    @Test
    void activationsMatchTheirDefinitions() {
        double[] x = {-2, -0.5, 0, 1.5};
        assertArrayEquals(new double[] {0, 0, 0, 1.5}, apply(new ReLU(), x));
        assertArrayEquals(new double[] {-0.02, -0.005, 0, 1.5}, apply(new LeakyReLU(), x), 1e-15);
        assertArrayEquals(new double[] {-0.4, -0.1, 0, 1.5}, apply(new LeakyReLU(0.2), x), 1e-15);
        double[] tanh = new double[4];
        double[] sigmoid = new double[4];
        for (int i = 0; i < 4; i++) {
            tanh[i] = Math.tanh(x[i]);
            sigmoid[i] = 1 / (1 + Math.exp(-x[i]));
        }
        assertArrayEquals(tanh, apply(new Tanh(), x), 1e-15);
        assertArrayEquals(sigmoid, apply(new Sigmoid(), x), 1e-15);
        // GELU(x) = x Φ(x); Φ(-2) = 0.0227501319, Φ(-0.5) = 0.3085375387, Φ(1.5) = 0.9331927987 (normal tables)
        assertArrayEquals(new double[] {-2 * 0.0227501319, -0.5 * 0.3085375387, 0, 1.5 * 0.9331927987}, apply(new GELU(), x), 1e-9);
        for (Layer layer : List.of(new ReLU(), new LeakyReLU(), new GELU(), new Tanh(), new Sigmoid(), new Softmax())) {
            assertArrayEquals(new int[] {3, 5}, layer.outputShape(new int[] {3, 5}));
            assertEquals(0, layer.parameterCount());
        }
        assertEquals("ReLU", new ReLU().describe());
        assertEquals("LeakyReLU(0.01)", new LeakyReLU().describe());
    }

    @Test
    void softmaxNormalisesAlongTheChosenDimension() {
        double e = Math.E;
        assertArrayEquals(new double[] {1 / (1 + e + e * e), e / (1 + e + e * e), e * e / (1 + e + e * e)},
                apply(new Softmax(), 0, 1, 2), 1e-15);
        try (Tensor x = Tensors.of(new double[] {0, 5, 1, 5}, 1, 2, 2)) {
            // along dim 1: columns {0, 1} and {5, 5}
            assertArrayEquals(new double[] {1 / (1 + e), 0.5, e / (1 + e), 0.5}, new Softmax(1).forward(x).toDoubleArray(), 1e-15);
        }
        assertArrayEquals(new int[] {2, 2}, new Softmax(1).outputShape(new int[] {2, 2}));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new Softmax(0).outputShape(new int[] {4}));
        assertTrue(error.getMessage().contains("dim 0"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Softmax(3).outputShape(new int[] {4, 4}));
    }
}
