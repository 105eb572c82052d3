package dev.lathe.layers.attention;

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
import dev.lathe.layers.Flow;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultiheadAttentionTest {

    @Test
    void stateDictNamesAndShapesAreTorchs() {
        try (MultiheadAttention mha = new MultiheadAttention(6, 2, 0.1, new Generator(1))) {
            Map<String, Tensor> state = mha.stateDict();
            assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"), List.copyOf(state.keySet()));
            assertArrayEquals(new int[] {18, 6}, state.get("in_proj_weight").shape());
            assertArrayEquals(new int[] {18}, state.get("in_proj_bias").shape());
            assertArrayEquals(new int[] {6, 6}, state.get("out_proj.weight").shape());
            assertArrayEquals(new int[] {6}, state.get("out_proj.bias").shape());
            assertEquals(4 * 36 + 4 * 6, mha.parameterCount());
        }
    }

    private static double maxAbs(Tensor t) {
        double max = 0;
        for (double v : t.toDoubleArray()) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    @Test
    void initialisedAsPyTorch() {
        int e = 64;
        try (MultiheadAttention mha = new MultiheadAttention(e, 4, 0, new Generator(2))) {
            Map<String, Tensor> state = mha.stateDict();
            // xavier_uniform over [3E, E]: fan_in E, fan_out 3E
            double xavier = Math.sqrt(6.0 / (e + 3 * e));
            double inProj = maxAbs(state.get("in_proj_weight"));
            assertTrue(inProj <= xavier && inProj > 0.98 * xavier, "in_proj_weight max " + inProj + " vs bound " + xavier);
            // Linear's default: U(±1/√fan_in)
            double linear = 1 / Math.sqrt(e);
            double outProj = maxAbs(state.get("out_proj.weight"));
            assertTrue(outProj <= linear && outProj > 0.95 * linear, "out_proj.weight max " + outProj + " vs bound " + linear);
            assertEquals(0, maxAbs(state.get("in_proj_bias")));
            assertEquals(0, maxAbs(state.get("out_proj.bias")));
        }
    }

    /** The reference: the query, key and value projections are rows [0, E), [E, 2E) and [2E, 3E) of in_proj. */
    static double[][] naive(MultiheadAttention mha, double[][] x, double[] keyMask) {
        Map<String, Tensor> s = mha.stateDict();
        int e = mha.embedDim();
        double[][] w = Naive.matrix(s.get("in_proj_weight"));
        double[] b = s.get("in_proj_bias").toDoubleArray();
        return Naive.selfAttention(x,
                Naive.rows(w, 0, e), Arrays.copyOfRange(b, 0, e),
                Naive.rows(w, e, e), Arrays.copyOfRange(b, e, 2 * e),
                Naive.rows(w, 2 * e, e), Arrays.copyOfRange(b, 2 * e, 3 * e),
                Naive.matrix(s.get("out_proj.weight")), s.get("out_proj.bias").toDoubleArray(), mha.heads(), keyMask);
    }

    @Test
    void forwardMatchesTheNaiveLoopsForRowsOfDifferentLengths() {
        try (MultiheadAttention mha = new MultiheadAttention(6, 3, 0.5, new Generator(3)); MemoryScope scope = MemoryScope.open()) {
            mha.to(DType.F64).eval();
            Tensor x = Tensors.uniform(-1, 1, DType.F64, Device.CPU, new Generator(4), 2, 4, 6);
            double[][] masks = {{1, 1, 1, 0}, {1, 1, 1, 1}};
            Tensor mask = Tensors.of(new double[] {1, 1, 1, 0, 1, 1, 1, 1}, 2, 4);
            Tensor out = mha.forward(x, mask);
            Flow flowed = mha.forward(new Flow(x, mask, null));
            assertArrayEquals(out.toDoubleArray(), flowed.values().toDoubleArray(), 0);
            assertEquals(mask, flowed.mask());
            for (int n = 0; n < 2; n++) {
                Naive.assertClose(naive(mha, Naive.sample(x, n), masks[n]), Naive.sample(out, n), 1e-12, "sample " + n);
            }
        }
    }

    @Test
    void shapesAreChecked() {
        try (MultiheadAttention mha = new MultiheadAttention(6, 2, 0, new Generator(5))) {
            assertArrayEquals(new int[] {7, 6}, mha.outputShape(new int[] {7, 6}));
            assertThrows(IllegalArgumentException.class, () -> mha.outputShape(new int[] {7, 5}));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(6, 4, 0, new Generator(1)));
            assertTrue(e.getMessage().contains("divisible"), e.getMessage());
            try (Tensor wrong = Tensors.zeros(2, 3, 5)) {
                assertThrows(IllegalArgumentException.class, () -> mha.forward(wrong));
            }
        }
    }
}
