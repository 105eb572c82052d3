package dev.lathe.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Storage;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.autograd.GradMode;
import dev.lathe.layers.Flow;
import dev.lathe.layers.Linear;
import dev.lathe.layers.Parameter;
import dev.lathe.layers.Sequential;
import dev.lathe.layers.recurrent.RecurrentOptions.Returns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Names, shapes, counts and init as PyTorch; options, shapes without the batch, errors. */
class RecurrentLayerTest {

    private static final RecurrentOptions TWO_BIDIRECTIONAL = RecurrentOptions.defaults().withNumLayers(2).withBidirectional(true);

    @Test
    void lstmHasTorchsNamesShapesAndCount() {
        try (LSTM lstm = new LSTM(16, 32, new Generator(1))) {
            Map<String, Parameter> params = lstm.namedParameters();
            assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"), List.copyOf(params.keySet()));
            assertArrayEquals(new int[] {128, 16}, params.get("weight_ih_l0").value().shape());
            assertArrayEquals(new int[] {128, 32}, params.get("weight_hh_l0").value().shape());
            assertArrayEquals(new int[] {128}, params.get("bias_ih_l0").value().shape());
            // 4·32·16 + 4·32·32 + 2·4·32 = 2048 + 4096 + 256
            assertEquals(6_400, lstm.parameterCount());
        }
    }

    @Test
    void stackedBidirectionalGruRegistersLayerByLayerForwardThenReverse() {
        try (GRU gru = new GRU(16, 32, TWO_BIDIRECTIONAL, new Generator(1))) {
            List<String> expected = new ArrayList<>();
            for (String suffix : List.of("_l0", "_l0_reverse", "_l1", "_l1_reverse")) {
                for (String kind : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh")) {
                    expected.add(kind + suffix);
                }
            }
            assertEquals(expected, List.copyOf(gru.namedParameters().keySet()));
            assertArrayEquals(new int[] {96, 64}, gru.namedParameters().get("weight_ih_l1_reverse").value().shape());
            // per direction: layer 0 3·32·16 + 3·32·32 + 2·96 = 4,800; layer 1 3·32·64 + 3·32·32 + 2·96 = 9,408
            assertEquals(2 * (4_800 + 9_408), gru.parameterCount());
        }
    }

    @Test
    void rnnWithoutBiasHasOnlyWeights() {
        try (SimpleRNN rnn = new SimpleRNN(4, 8, RecurrentOptions.defaults().withBias(false), new Generator(1))) {
            assertEquals(List.of("weight_ih_l0", "weight_hh_l0"), List.copyOf(rnn.namedParameters().keySet()));
            assertEquals(8 * 4 + 8 * 8, rnn.parameterCount());
        }
    }

    @Test
    void everyParameterIsUniformWithinOneOverSqrtHidden() {
        double bound = 1 / Math.sqrt(64);
        try (LSTM lstm = new LSTM(16, 64, new Generator(3))) {
            for (Map.Entry<String, Parameter> e : lstm.namedParameters().entrySet()) {
                double max = 0;
                for (float v : e.getValue().value().toFloatArray()) {
                    max = Math.max(max, Math.abs(v));
                }
                assertTrue(max <= bound && max > 0.9 * bound, e.getKey() + " max " + max);
            }
        }
    }

    @Test
    void outputShapesAndDescriptions() {
        try (LSTM lstm = new LSTM(16, 32, new Generator(1));
             GRU gru = new GRU(16, 32, TWO_BIDIRECTIONAL.withReturns(Returns.LAST_STATE), new Generator(1));
             SimpleRNN rnn = new SimpleRNN(4, 8, SimpleRNN.Nonlinearity.RELU, RecurrentOptions.defaults(), new Generator(1))) {
            assertArrayEquals(new int[] {100, 32}, lstm.outputShape(new int[] {100, 16}));
            assertArrayEquals(new int[] {64}, gru.outputShape(new int[] {100, 16}));
            assertEquals("LSTM(16 → 32)", lstm.describe());
            assertEquals("GRU(16 → 32, 2 layers, bidirectional)", gru.describe());
            assertEquals("SimpleRNN(4 → 8, relu)", rnn.describe());
            assertMessage("needs inputs [T, 16]", () -> lstm.outputShape(new int[] {100, 15}));
            assertMessage("needs inputs [T, 16]", () -> lstm.outputShape(new int[] {16}));
        }
    }

    @Test
    void badInputsAreNamed() {
        try (MemoryScope scope = MemoryScope.open(); LSTM lstm = new LSTM(3, 2, new Generator(1));
             GRU gru = new GRU(3, 2, new Generator(1))) {
            Tensor x = Tensors.zeros(2, 4, 3);
            assertMessage("LSTM(3 → 2) needs batch-first input [N, T, 3]", () -> lstm.forward(Tensors.zeros(2, 4, 5)));
            assertMessage("needs batch-first input", () -> lstm.forward(Tensors.zeros(4, 3)));
            assertMessage("needs a mask [2, 4]", () -> lstm.forward(new Flow(x, Tensors.ones(2, 3), null)));
            assertMessage("got 3 lengths for a batch of 2", () -> lstm.run(x, new int[] {1, 2, 3}));
            assertMessage("length 5 is outside 0..4", () -> lstm.run(x, new int[] {5, 2}));
            assertMessage("needs lengths as an I32 tensor [2]", () -> lstm.run(x, Tensors.ones(2)));
            assertMessage("needs initial states [1, 2, 2]", () -> lstm.run(x, null, Tensors.zeros(2, 2), null));
            assertMessage("GRU(3 → 2) has no cell state", () -> gru.run(x, null, null, Tensors.zeros(1, 2, 2)));
            assertMessage("num_layers >= 1", () -> RecurrentOptions.defaults().withNumLayers(0));
            assertMessage("dropout must lie in [0, 1]", () -> RecurrentOptions.defaults().withDropout(1.5));
        }
    }

    @Test
    void withoutGradientsTheWholeSequenceProjectionGivesTheSameStates() {
        // without gradients the input products of all steps are one GEMM (taking the hidden bias
        // too, except in GRU) and each step's intermediates are freed as it ends; with them, one
        // product per step. The lengths make the first step real in every row, the last padded in
        // every row and the rest mixed.
        List<RecurrentLayer> layers = List.of(new LSTM(3, 5, TWO_BIDIRECTIONAL, new Generator(3)),
                new GRU(3, 5, TWO_BIDIRECTIONAL, new Generator(5)), new SimpleRNN(3, 5, TWO_BIDIRECTIONAL, new Generator(7)));
        for (RecurrentLayer layer : layers) {
            try (MemoryScope scope = MemoryScope.open(); layer) {
                layer.to(DType.F64);
                Tensor x = Tensors.uniform(-1, 1, DType.F64, Device.CPU, new Generator(4), 4, 6, 3);
                Tensor lengths = Tensors.of(new int[] {5, 3, 1, 4}, 4);
                RecurrentResult withGradients = layer.run(x, lengths);
                RecurrentResult without;
                try (GradMode.Restore noGrad = GradMode.noGrad()) {
                    without = layer.run(x, lengths);
                }
                assertArrayEquals(withGradients.output().toDoubleArray(), without.output().toDoubleArray(), 1e-12, layer.describe() + " output");
                assertArrayEquals(withGradients.hN().toDoubleArray(), without.hN().toDoubleArray(), 1e-12, layer.describe() + " h_n");
                if (layer instanceof LSTM) {
                    assertArrayEquals(withGradients.cN().toDoubleArray(), without.cN().toDoubleArray(), 1e-12, layer.describe() + " c_n");
                }
            }
        }
    }

    @Test
    void dropoutActsBetweenLayersOnlyWhileTraining() {
        RecurrentOptions options = RecurrentOptions.defaults().withNumLayers(2).withDropout(0.5);
        try (MemoryScope scope = MemoryScope.open();
             GRU stacked = new GRU(3, 8, options, new Generator(1));
             GRU single = new GRU(3, 8, options.withNumLayers(1), new Generator(1))) {
            Tensor x = Tensors.uniform(-1, 1, DType.F32, Device.CPU, new Generator(2), 4, 5, 3);
            float[] training = stacked.forward(x).toFloatArray();
            stacked.eval();
            float[] evaluation = stacked.forward(x).toFloatArray();
            assertFalse(Arrays.equals(training, evaluation), "dropout between layers changes the output while training");
            assertArrayEquals(evaluation, stacked.forward(x).toFloatArray(), 0);
            // the last layer's output is never dropped
            float[] singleTraining = single.forward(x).toFloatArray();
            single.eval();
            assertArrayEquals(single.forward(x).toFloatArray(), singleTraining, 0);
        }
    }

    @Test
    void inASequentialTheLastStateFeedsALinearAndEverythingIsFreed() {
        long before = Storage.liveCount();
        RecurrentOptions last = RecurrentOptions.defaults().withReturns(Returns.LAST_STATE);
        try (Sequential model = new Sequential(new LSTM(16, 32, last, new Generator(1)), new Linear(32, 10, true, new Generator(2)))) {
            assertEquals("0.weight_ih_l0", model.namedParameters().keySet().iterator().next());
            assertArrayEquals(new int[] {10}, model.outputShape(new int[] {100, 16}));
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor x = Tensors.rand(2, 7, 16);
                Flow out = model.forward(new Flow(x, Tensors.of(new float[] {1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1}, 2, 7), null));
                assertArrayEquals(new int[] {2, 10}, out.values().shape());
                out.values().sum().backward();
                assertTrue(model.parameters().stream().allMatch(p -> p.grad() != null));
            }
            model.zeroGrad();
        }
        assertEquals(before, Storage.liveCount());
    }

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
