package dev.lathe.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchNormTest {

    private static final double EPS = 1e-5;

    // two batches of [N=3, C=2]; per channel, by hand:
    // batch 1: c0 {1, 2, 3} mean 2, Σd² 2;   c1 {2, 4, 9} mean 5, Σd² 26
    // batch 2: c0 {0, 4, 5} mean 3, Σd² 14;  c1 {1, 1, 4} mean 2, Σd² 6
    private static Tensor batch1() {
        return Tensors.of(new double[] {1, 2, 2, 4, 3, 9}, 3, 2);
    }

    private static Tensor batch2() {
        return Tensors.of(new double[] {0, 1, 4, 1, 5, 4}, 3, 2);
    }

    @Test
    void trainingUpdatesRunningStatsWithTheUnbiasedVarianceAndEvalUsesThem() {
        try (BatchNorm1d bn = new BatchNorm1d(2)) {
            bn.to(DType.F64);
            try (Tensor b1 = batch1(); Tensor b2 = batch2()) {
                bn.forward(b1);
                // running_mean = 0.9·0 + 0.1·mean; running_var = 0.9·1 + 0.1·Σd²/(n-1)
                assertArrayEquals(new double[] {0.2, 0.5}, bn.runningMean().value().toDoubleArray(), 1e-12);
                assertArrayEquals(new double[] {1.0, 2.2}, bn.runningVar().value().toDoubleArray(), 1e-12);
                Tensor y2 = bn.forward(b2);
                assertArrayEquals(new double[] {0.48, 0.65}, bn.runningMean().value().toDoubleArray(), 1e-12);
                assertArrayEquals(new double[] {1.6, 2.28}, bn.runningVar().value().toDoubleArray(), 1e-12);
                assertEquals(2, bn.numBatchesTracked().value().toIntArray()[0]);
                // training output: the batch's own mean and biased variance
                double s0 = Math.sqrt(14 / 3.0 + EPS);
                double s1 = Math.sqrt(6 / 3.0 + EPS);
                assertArrayEquals(new double[] {-3 / s0, -1 / s1, 1 / s0, -1 / s1, 2 / s0, 2 / s1}, y2.toDoubleArray(), 1e-12);

                bn.eval();
                double r0 = Math.sqrt(1.6 + EPS);
                double r1 = Math.sqrt(2.28 + EPS);
                assertArrayEquals(new double[] {(1 - 0.48) / r0, (2 - 0.65) / r1, (2 - 0.48) / r0, (4 - 0.65) / r1, (3 - 0.48) / r0,
                    (9 - 0.65) / r1}, bn.forward(b1).toDoubleArray(), 1e-12);
                assertEquals(2, bn.numBatchesTracked().value().toIntArray()[0], "evaluation leaves the statistics alone");
                assertArrayEquals(new double[] {0.48, 0.65}, bn.runningMean().value().toDoubleArray(), 1e-12);
            }
        }
    }

    @Test
    void affineScalesAndShiftsPerChannel() {
        try (BatchNorm1d bn = new BatchNorm1d(2); Tensor w = Tensors.of(new float[] {2, -1}, 2); Tensor b = Tensors.of(new float[] {1, 3}, 2)) {
            bn.loadStateDict(Map.of("weight", w, "bias", b), false);
            bn.to(DType.F64);
            try (Tensor b1 = batch1()) {
                double s0 = Math.sqrt(2 / 3.0 + EPS);
                double s1 = Math.sqrt(26 / 3.0 + EPS);
                assertArrayEquals(new double[] {2 * -1 / s0 + 1, -1 * -3 / s1 + 3, 1, -1 * -1 / s1 + 3, 2 * 1 / s0 + 1, -1 * 4 / s1 + 3},
                        bn.forward(b1).toDoubleArray(), 1e-12);
            }
        }
    }

    /** Per-channel normalisation of [n, c, rest] computed with loops. */
    private static double[] naiveTrainingNorm(double[] x, int n, int c, int rest) {
        double[] y = new double[x.length];
        int count = n * rest;
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int b = 0; b < n; b++) {
                for (int r = 0; r < rest; r++) {
                    sum += x[(b * c + ch) * rest + r];
                }
            }
            double mean = sum / count;
            double sq = 0;
            for (int b = 0; b < n; b++) {
                for (int r = 0; r < rest; r++) {
                    double d = x[(b * c + ch) * rest + r] - mean;
                    sq += d * d;
                }
            }
            double std = Math.sqrt(sq / count + EPS);
            for (int b = 0; b < n; b++) {
                for (int r = 0; r < rest; r++) {
                    int i = (b * c + ch) * rest + r;
                    y[i] = (x[i] - mean) / std;
                }
            }
        }
        return y;
    }

    @Test
    void batchNorm2dReducesOverBatchAndSpace() {
        try (BatchNorm2d bn = new BatchNorm2d(3); Tensor x = Tensors.uniform(-2, 3, DType.F64, Device.CPU, new Generator(1), 2, 3, 2, 4)) {
            bn.to(DType.F64);
            assertArrayEquals(naiveTrainingNorm(x.toDoubleArray(), 2, 3, 8), bn.forward(x).toDoubleArray(), 1e-12);
            assertArrayEquals(new int[] {3, 5, 7}, bn.outputShape(new int[] {3, 5, 7}));
        }
    }

    @Test
    void batchNorm1dReducesOverBatchAndLength() {
        try (BatchNorm1d bn = new BatchNorm1d(2); Tensor x = Tensors.uniform(-2, 3, DType.F64, Device.CPU, new Generator(2), 3, 2, 5)) {
            bn.to(DType.F64);
            assertArrayEquals(naiveTrainingNorm(x.toDoubleArray(), 3, 2, 5), bn.forward(x).toDoubleArray(), 1e-12);
        }
    }

    @Test
    void withoutRunningStatsEvaluationUsesTheBatch() {
        try (BatchNorm2d bn = new BatchNorm2d(2, 1e-5, 0.1, false, false);
             Tensor x = Tensors.uniform(-2, 3, DType.F64, Device.CPU, new Generator(3), 2, 2, 3, 3)) {
            assertEquals(List.of(), List.copyOf(bn.stateDict().keySet()));
            assertNull(bn.runningMean());
            assertNull(bn.weight());
            bn.to(DType.F64).eval();
            assertArrayEquals(naiveTrainingNorm(x.toDoubleArray(), 2, 2, 9), bn.forward(x).toDoubleArray(), 1e-12);
        }
    }

    @Test
    void momentumSetsTheStep() {
        try (BatchNorm1d bn = new BatchNorm1d(2, 1e-5, 0.5, true, true); Tensor b1 = batch1()) {
            bn.to(DType.F64);
            bn.forward(b1);
            assertArrayEquals(new double[] {1, 2.5}, bn.runningMean().value().toDoubleArray(), 1e-12);
            assertArrayEquals(new double[] {1, 7}, bn.runningVar().value().toDoubleArray(), 1e-12);
        }
    }

    @Test
    void stateDictMatchesPyTorch() {
        try (BatchNorm2d bn = new BatchNorm2d(4)) {
            Map<String, Tensor> state = bn.stateDict();
            assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"), List.copyOf(state.keySet()));
            assertArrayEquals(new float[] {1, 1, 1, 1}, state.get("weight").toFloatArray());
            assertArrayEquals(new float[] {0, 0, 0, 0}, state.get("bias").toFloatArray());
            assertArrayEquals(new float[] {0, 0, 0, 0}, state.get("running_mean").toFloatArray());
            assertArrayEquals(new float[] {1, 1, 1, 1}, state.get("running_var").toFloatArray());
            assertEquals(DType.I32, state.get("num_batches_tracked").dtype());
            assertArrayEquals(new int[0], state.get("num_batches_tracked").shape());
            assertEquals(List.of("weight", "bias"), List.copyOf(bn.namedParameters().keySet()));
            assertEquals(8, bn.parameterCount());
            assertEquals("BatchNorm2d(4)", bn.describe());
            bn.to(DType.F64);
            assertEquals(DType.I32, bn.stateDict().get("num_batches_tracked").dtype());
        }
        try (BatchNorm1d bn = new BatchNorm1d(3, 1e-5, 0.1, false, true)) {
            assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"), List.copyOf(bn.stateDict().keySet()));
            assertEquals(0, bn.parameterCount());
        }
    }

    @Test
    void gradientsFlowToInputAndAffineParametersOnly() {
        try (BatchNorm1d bn = new BatchNorm1d(2); Tensor x = Tensors.of(new float[] {1, 2, 2, 4, 3, 9}, 3, 2).requiresGrad(true)) {
            bn.forward(x).sum().backward();
            // d/dbias of Σy = n per channel; d/dweight = Σ x̂ = 0; d/dx of Σ x̂ = 0
            assertArrayEquals(new float[] {3, 3}, bn.bias().grad().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0, 0}, bn.weight().grad().toFloatArray(), 1e-5f);
            assertArrayEquals(new float[6], x.grad().toFloatArray(), 1e-5f);
            assertNull(bn.runningMean().grad());
        }
    }

    @Test
    void badInputsAreExplained() {
        try (BatchNorm2d bn2 = new BatchNorm2d(3); BatchNorm1d bn1 = new BatchNorm1d(3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn2.outputShape(new int[] {4, 5, 5}));
            assertEquals("BatchNorm2d(3) needs input [N, C, H, W] with C = 3, got [N, 4, 5, 5]", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> bn2.outputShape(new int[] {3, 5}));
            assertArrayEquals(new int[] {3}, bn1.outputShape(new int[] {3}));
            assertArrayEquals(new int[] {3, 7}, bn1.outputShape(new int[] {3, 7}));
            e = assertThrows(IllegalArgumentException.class, () -> bn1.outputShape(new int[] {3, 7, 7}));
            assertTrue(e.getMessage().contains("[N, C] or [N, C, L]"), e.getMessage());
            try (Tensor one = Tensors.zeros(1, 3)) {
                e = assertThrows(IllegalArgumentException.class, () -> bn1.forward(one));
                assertTrue(e.getMessage().contains("more than one value per channel"), e.getMessage());
                bn1.eval();
                assertArrayEquals(new float[3], bn1.forward(one).toFloatArray());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(0));
    }
}
