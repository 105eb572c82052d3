package dev.lathe.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.ops.Views;
import dev.lathe.layers.Flow;
import dev.lathe.layers.recurrent.GRU;
import dev.lathe.layers.recurrent.LSTM;
import dev.lathe.layers.recurrent.RecurrentLayer;
import dev.lathe.layers.recurrent.RecurrentOptions;
import dev.lathe.layers.recurrent.RecurrentOptions.Returns;
import dev.lathe.layers.recurrent.RecurrentResult;
import dev.lathe.layers.recurrent.SimpleRNN;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * F64 gradient checks of SimpleRNN, LSTM and GRU with respect to the input and every parameter:
 * one layer, two layers, bidirectional, and right-padded batches of mixed lengths in both return
 * modes. Sizes are tiny (N = 2, T = 3, C = 2, H = 2): each leaf element costs two forward passes.
 */
class RecurrentGradTest {

    private static final int N = 2;
    private static final int T = 3;
    private static final int C = 2;
    private static final int H = 2;

    enum Kind {
        RNN, LSTM, GRU;

        RecurrentLayer make(RecurrentOptions options) {
            Generator g = new Generator(ordinal() + 1);
            return switch (this) {
                case RNN -> new SimpleRNN(C, H, options, g);
                case LSTM -> new LSTM(C, H, options, g);
                case GRU -> new GRU(C, H, options, g);
            };
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void oneLayer(Kind kind) {
        checkFull(kind, RecurrentOptions.defaults());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void twoLayers(Kind kind) {
        checkFull(kind, RecurrentOptions.defaults().withNumLayers(2));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void bidirectional(Kind kind) {
        checkFull(kind, RecurrentOptions.defaults().withBidirectional(true));
    }

    /**
     * Rows of lengths 3 and 1 (the first step real in both, the others mixed), and of lengths 2 and
     * 1 (the last step padded in both, which the layer skips), in both return modes.
     */
    static Stream<Arguments> maskedBatches() {
        List<Arguments> cases = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (Returns returns : Returns.values()) {
                cases.add(Arguments.of(kind, returns, "lengths 3, 1", new double[] {1, 1, 1, 1, 0, 0}));
                cases.add(Arguments.of(kind, returns, "lengths 2, 1", new double[] {1, 1, 0, 1, 0, 0}));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("maskedBatches")
    void maskedBatch(Kind kind, Returns returns, String lengths, double[] mask) {
        checkMasked(kind, returns, mask);
    }

    /** Explicit lengths and initial states: gradients reach h0 (and c0), and h_n/c_n are differentiable. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void lengthsWithInitialStates(Kind kind) {
        RecurrentLayer layer = kind.make(RecurrentOptions.defaults().withBidirectional(true));
        List<Tensor> inputs = new ArrayList<>(List.of(LayerGradCheck.input(5, N, T, C), LayerGradCheck.input(6, 2, N, H)));
        if (kind == Kind.LSTM) {
            inputs.add(LayerGradCheck.input(7, 2, N, H));
        }
        double worst = LayerGradCheck.check(kind + " lengths + initial states", layer, x -> {
            RecurrentResult r = layer.run(x[0], Tensors.of(new int[] {1, 3}, N), x[1], x.length > 2 ? x[2] : null);
            List<Tensor> parts = new ArrayList<>(List.of(r.output().flatten(0), r.hN().flatten(0)));
            if (r.cN() != null) {
                parts.add(r.cN().flatten(0));
            }
            return Views.cat(parts, 0);
        }, inputs.toArray(new Tensor[0]));
        assertTrue(worst < 1e-7, "worst " + worst);
    }

    private static void checkFull(Kind kind, RecurrentOptions options) {
        RecurrentLayer layer = kind.make(options);
        double worst = LayerGradCheck.check(kind + " " + layer.describe(), layer, x -> layer.forward(x[0]), LayerGradCheck.input(3, N, T, C));
        assertTrue(worst < 1e-7, "worst " + worst);
    }

    /** Two layers, both directions, the rows' real steps marked by {@code mask} [N, T]. */
    private static void checkMasked(Kind kind, Returns returns, double[] mask) {
        RecurrentLayer layer = kind.make(RecurrentOptions.defaults().withNumLayers(2).withBidirectional(true).withReturns(returns));
        Tensor flowMask = Tensors.of(mask, N, T);
        double worst = LayerGradCheck.check(kind + " masked " + returns, layer, x -> layer.forward(new Flow(x[0], flowMask, null)).values(),
                LayerGradCheck.input(4, N, T, C));
        assertTrue(worst < 1e-7, "worst " + worst);
    }
}
