package dev.lathe.layers.recurrent;

import static dev.lathe.layers.recurrent.RecurrentFixtures.random;
import static dev.lathe.layers.recurrent.RecurrentFixtures.row;
import static dev.lathe.layers.recurrent.RecurrentFixtures.stateRow;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lathe.engine.DType;
import dev.lathe.engine.Generator;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.layers.recurrent.NaiveRecurrent.Cell;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every cell type against the equations computed with scalar loops, one sequence at a time. */
class RecurrentReferenceTest {

    private static final double TOL = 1e-12;

    @ParameterizedTest
    @EnumSource(Cell.class)
    void oneStepFollowsTheCellEquations(Cell cell) {
        check(cell, RecurrentOptions.defaults(), 4, 5, new int[] {1, 1, 1}, 1, false);
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void stackedBidirectionalPaddedBatchFollowsTheEquations(Cell cell) {
        RecurrentOptions options = RecurrentOptions.defaults().withNumLayers(2).withBidirectional(true);
        check(cell, options, 3, 4, new int[] {5, 2, 4}, 5, false);
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void initialStatesWithoutBiasFollowTheEquations(Cell cell) {
        RecurrentOptions options = RecurrentOptions.defaults().withBias(false).withBidirectional(true);
        check(cell, options, 2, 3, new int[] {3, 1}, 3, true);
    }

    /** Steps where every sequence has ended (or, in reverse, not begun) are skipped; they must leave states and outputs as the equations do. */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void stepsPastTheLongestSequenceFollowTheEquations(Cell cell) {
        RecurrentOptions options = RecurrentOptions.defaults().withNumLayers(2).withBidirectional(true);
        check(cell, options, 3, 4, new int[] {3, 1, 2}, 6, true);
    }

    /**
     * Runs a right-padded batch (padding filled with noise) through the layer and each row alone,
     * at its length, through the reference; outputs past a row's length must be zero.
     */
    private static void check(Cell cell, RecurrentOptions options, int in, int hidden, int[] lengths, int steps, boolean initialStates) {
        int batch = lengths.length;
        int slices = options.numLayers() * options.directions();
        try (MemoryScope scope = MemoryScope.open(); RecurrentLayer layer = RecurrentFixtures.layer(cell, in, hidden, options, 11)) {
            Map<String, double[]> weights = RecurrentFixtures.weights(layer);
            Tensor x = random(12, batch, steps, in);
            Tensor h0 = initialStates ? random(13, slices, batch, hidden) : null;
            Tensor c0 = initialStates && cell == Cell.LSTM ? random(14, slices, batch, hidden) : null;
            RecurrentResult result = layer.run(x, Tensors.of(lengths, batch), h0, c0);

            double[] input = x.toDoubleArray();
            double[] output = result.output().toDoubleArray();
            int[] outShape = result.output().shape();
            assertArrayEquals(new int[] {batch, steps, hidden * options.directions()}, outShape);
            assertArrayEquals(new int[] {slices, batch, hidden}, result.hN().shape());
            if (cell != Cell.LSTM) {
                assertNull(result.cN());
            }
            for (int n = 0; n < batch; n++) {
                NaiveRecurrent.Result expected = NaiveRecurrent.run(cell, weights, options.numLayers(), options.bidirectional(), hidden,
                        row(input, x.shape(), n, lengths[n]), states(h0, n), states(c0, n));
                double[][] actual = row(output, outShape, n, steps);
                for (int t = 0; t < steps; t++) {
                    double[] want = t < lengths[n] ? expected.output()[t] : new double[hidden * options.directions()];
                    assertArrayEquals(want, actual[t], TOL, cell + " output row " + n + " step " + t);
                }
                for (int i = 0; i < slices; i++) {
                    assertArrayEquals(expected.h()[i], stateRow(result.hN().toDoubleArray(), result.hN().shape(), i, n), TOL,
                            cell + " h_n slice " + i + " row " + n);
                    if (cell == Cell.LSTM) {
                        assertArrayEquals(expected.c()[i], stateRow(result.cN().toDoubleArray(), result.cN().shape(), i, n), TOL,
                                cell + " c_n slice " + i + " row " + n);
                    }
                }
            }
        }
    }

    /** Row n of every slice of an initial state [L·dirs, N, H], or null. */
    private static double[][] states(Tensor initial, int n) {
        if (initial == null) {
            return null;
        }
        double[][] out = new double[initial.size(0)][];
        for (int i = 0; i < out.length; i++) {
            out[i] = stateRow(initial.toDoubleArray(), initial.shape(), i, n);
        }
        return out;
    }

    @Test
    void lstmDefaultsMatchTheEquationsInF32Too() {
        try (MemoryScope scope = MemoryScope.open(); LSTM layer = new LSTM(3, 2, new Generator(5))) {
            Tensor x = random(6, 2, 4, 3).to(DType.F32);
            Map<String, double[]> weights = RecurrentFixtures.weights(layer);
            double[] got = layer.forward(x).toDoubleArray();
            double[] input = x.toDoubleArray();
            for (int n = 0; n < 2; n++) {
                NaiveRecurrent.Result expected = NaiveRecurrent.run(Cell.LSTM, weights, 1, false, 2, row(input, x.shape(), n, 4), null, null);
                double[][] actual = row(got, new int[] {2, 4, 2}, n, 4);
                for (int t = 0; t < 4; t++) {
                    assertArrayEquals(expected.output()[t], actual[t], 1e-6);
                }
            }
        }
    }
}
