package dev.lathe.layers.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TransformerEncoderLayerTest {

    private static final double EPS = 1e-5;

    private static TransformerEncoderLayer layer(FeedForwardActivation activation, boolean normFirst, long seed) {
        return new TransformerEncoderLayer(4, 2, 8, 0.1, activation, EPS, normFirst, new Generator(seed));
    }

    @Test
    void stateDictNamesAndShapesAreTorchs() {
        try (TransformerEncoderLayer block = layer(FeedForwardActivation.RELU, false, 1)) {
            Map<String, Tensor> state = block.stateDict();
            assertEquals(List.of("self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight", "self_attn.out_proj.bias",
                    "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias",
                    "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"), List.copyOf(state.keySet()));
            int[][] shapes = {{12, 4}, {12}, {4, 4}, {4}, {8, 4}, {8}, {4, 8}, {4}, {4}, {4}, {4}, {4}};
            int i = 0;
            for (Tensor t : state.values()) {
                assertArrayEquals(shapes[i++], t.shape());
            }
            assertArrayEquals(new double[] {1, 1, 1, 1}, state.get("norm2.weight").toDoubleArray());
            assertArrayEquals(new double[] {0, 0, 0, 0}, state.get("norm2.bias").toDoubleArray());
        }
    }

    private static double[][] naive(TransformerEncoderLayer block, FeedForwardActivation activation, boolean normFirst, double[][] x, double[] mask) {
        Map<String, Tensor> s = block.stateDict();
        MultiheadAttention mha = (MultiheadAttention) block.children().get("self_attn");
        DoubleUnaryOperator act = activation == FeedForwardActivation.RELU ? Naive::relu : Naive::gelu;
        UnaryOperator<double[][]> norm1 = h -> Naive.layerNorm(h, s.get("norm1.weight").toDoubleArray(), s.get("norm1.bias").toDoubleArray(), EPS);
        UnaryOperator<double[][]> norm2 = h -> Naive.layerNorm(h, s.get("norm2.weight").toDoubleArray(), s.get("norm2.bias").toDoubleArray(), EPS);
        UnaryOperator<double[][]> ff = h -> Naive.linear(
                Naive.apply(Naive.linear(h, Naive.matrix(s.get("linear1.weight")), s.get("linear1.bias").toDoubleArray()), act),
                Naive.matrix(s.get("linear2.weight")), s.get("linear2.bias").toDoubleArray());
        if (normFirst) {
            double[][] h = Naive.add(x, MultiheadAttentionTest.naive(mha, norm1.apply(x), mask));
            return Naive.add(h, ff.apply(norm2.apply(h)));
        }
        double[][] h = norm1.apply(Naive.add(x, MultiheadAttentionTest.naive(mha, x, mask)));
        return norm2.apply(Naive.add(h, ff.apply(h)));
    }

    private static void checkAgainstNaive(FeedForwardActivation activation, boolean normFirst) {
        try (TransformerEncoderLayer block = layer(activation, normFirst, 2); MemoryScope scope = MemoryScope.open()) {
            block.to(DType.F64).eval();
            Tensor x = Tensors.uniform(-2, 2, DType.F64, Device.CPU, new Generator(3), 2, 3, 4);
            double[][] masks = {{1, 1, 0}, {1, 1, 1}};
            Tensor mask = Tensors.of(new double[] {1, 1, 0, 1, 1, 1}, 2, 3);
            Flow out = block.forward(new Flow(x, mask, null));
            assertEquals(mask, out.mask());
            for (int n = 0; n < 2; n++) {
                Naive.assertClose(naive(block, activation, normFirst, Naive.sample(x, n), masks[n]), Naive.sample(out.values(), n),
                        1e-10, activation + (normFirst ? " pre-LN" : " post-LN") + " sample " + n);
            }
        }
    }

    @Test
    void postLayerNormMatchesTheNaiveLoops() {
        checkAgainstNaive(FeedForwardActivation.RELU, false);
        checkAgainstNaive(FeedForwardActivation.GELU, false);
    }

    @Test
    void preLayerNormMatchesTheNaiveLoops() {
        checkAgainstNaive(FeedForwardActivation.GELU, true);
    }

    @Test
    void realPositionsIgnoreWhatThePaddedStepsHold() {
        try (TransformerEncoderLayer block = layer(FeedForwardActivation.GELU, false, 4); MemoryScope scope = MemoryScope.open()) {
            block.eval();
            Tensor x = Tensors.uniform(-1, 1, DType.F32, Device.CPU, new Generator(5), 1, 4, 4);
            Tensor mask = Tensors.of(new float[] {1, 1, 0, 0}, 1, 4);
            Tensor other = Tensors.copyOf(x);
            other.backend().fill(other.narrow(1, 2, 2), 7);
            float[] a = block.forward(x, mask).narrow(1, 0, 2).contiguous().toFloatArray();
            float[] b = block.forward(other, mask).narrow(1, 0, 2).contiguous().toFloatArray();
            assertArrayEquals(a, b, 0f);
        }
    }

    @Test
    void evalIsDeterministicAndTrainingAppliesDropout() {
        try (TransformerEncoderLayer block = layer(FeedForwardActivation.RELU, false, 6); MemoryScope scope = MemoryScope.open()) {
            Tensor x = Tensors.uniform(-1, 1, DType.F32, Device.CPU, new Generator(7), 2, 5, 4);
            block.eval();
            float[] first = block.forward(x).toFloatArray();
            assertArrayEquals(first, block.forward(x).toFloatArray(), 0f);
            block.train(true);
            float[] trained = block.forward(x).toFloatArray();
            assertFalse(Arrays.equals(first, trained), "dropout should change the output while training");
            assertFalse(Arrays.equals(trained, block.forward(x).toFloatArray()), "each training pass draws new masks");
        }
    }
}
