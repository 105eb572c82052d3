package dev.lathe.layers.recurrent;

import static dev.lathe.layers.recurrent.RecurrentFixtures.random;
import static dev.lathe.layers.recurrent.RecurrentFixtures.row;
import static dev.lathe.layers.recurrent.RecurrentFixtures.stateRow;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.layers.Flow;
import dev.lathe.layers.recurrent.NaiveRecurrent.Cell;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Right-padded batches behave as PyTorch's packed sequences. */
class RecurrentPaddingTest {

    private static final int[] LENGTHS = {5, 2, 4};
    private static final int STEPS = 5;
    private static final double TOL = 1e-12;

    private static final RecurrentOptions STACKED = RecurrentOptions.defaults().withNumLayers(2).withBidirectional(true);

    @ParameterizedTest
    @EnumSource(Cell.class)
    void eachRowOfAPaddedBatchEqualsThatRowRunAlone(Cell cell) {
        try (MemoryScope scope = MemoryScope.open(); RecurrentLayer layer = RecurrentFixtures.layer(cell, 3, 4, STACKED, 21)) {
            Tensor x = random(22, LENGTHS.length, STEPS, 3);
            RecurrentResult batch = layer.run(x, LENGTHS);
            double[] out = batch.output().toDoubleArray();
            int[] outShape = batch.output().shape();
            for (int n = 0; n < LENGTHS.length; n++) {
                int length = LENGTHS[n];
                RecurrentResult alone = layer.run(x.narrow(0, n, 1).narrow(1, 0, length).contiguous(), (Tensor) null);
                double[][] aloneOut = row(alone.output().toDoubleArray(), alone.output().shape(), 0, length);
                double[][] batchOut = row(out, outShape, n, STEPS);
                for (int t = 0; t < STEPS; t++) {
                    double[] want = t < length ? aloneOut[t] : new double[8];
                    assertArrayEquals(want, batchOut[t], TOL, cell + " row " + n + " step " + t);
                }
                for (int i = 0; i < 4; i++) {
                    assertArrayEquals(stateRow(alone.hN().toDoubleArray(), alone.hN().shape(), i, 0),
                            stateRow(batch.hN().toDoubleArray(), batch.hN().shape(), i, n), TOL, cell + " h_n " + i + " row " + n);
                    if (cell == Cell.LSTM) {
                        assertArrayEquals(stateRow(alone.cN().toDoubleArray(), alone.cN().shape(), i, 0),
                                stateRow(batch.cN().toDoubleArray(), batch.cN().shape(), i, n), TOL, cell + " c_n " + i + " row " + n);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void bidirectionalLastStateIsForwardAtLastRealStepThenBackwardAtStepZero(Cell cell) {
        int hidden = 3;
        RecurrentOptions options = STACKED.withReturns(RecurrentOptions.Returns.LAST_STATE);
        try (MemoryScope scope = MemoryScope.open(); RecurrentLayer layer = RecurrentFixtures.layer(cell, 2, hidden, options, 31)) {
            Tensor x = random(32, LENGTHS.length, STEPS, 2);
            Flow flow = layer.forward(new Flow(x, mask(LENGTHS, STEPS), null));
            assertNull(flow.mask());
            assertArrayEquals(new int[] {LENGTHS.length, 2 * hidden}, flow.values().shape());
            double[] last = flow.values().toDoubleArray();
            Tensor sequence = layer.run(x, LENGTHS).output();
            for (int n = 0; n < LENGTHS.length; n++) {
                double[][] steps = row(sequence.toDoubleArray(), sequence.shape(), n, STEPS);
                for (int j = 0; j < hidden; j++) {
                    assertEquals(steps[LENGTHS[n] - 1][j], last[n * 2 * hidden + j], TOL, cell + " forward half, row " + n);
                    assertEquals(steps[0][hidden + j], last[n * 2 * hidden + hidden + j], TOL, cell + " backward half, row " + n);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void maskLengthArrayAndLengthTensorAgreeAndPaddingGetsNoGradient(Cell cell) {
        try (MemoryScope scope = MemoryScope.open(); RecurrentLayer layer = RecurrentFixtures.layer(cell, 3, 2, STACKED, 41)) {
            Tensor x = random(42, LENGTHS.length, STEPS, 3).requiresGrad(true);
            Flow viaMask = layer.forward(new Flow(x, mask(LENGTHS, STEPS), null));
            Tensor viaArray = layer.run(x, LENGTHS).output();
            Tensor viaTensor = layer.run(x, Tensors.of(LENGTHS, LENGTHS.length)).output();
            assertArrayEquals(viaArray.toDoubleArray(), viaMask.values().toDoubleArray(), 0);
            assertArrayEquals(viaArray.toDoubleArray(), viaTensor.toDoubleArray(), 0);

            viaMask.values().sum().backward();
            double[][][] grad = new double[LENGTHS.length][][];
            for (int n = 0; n < LENGTHS.length; n++) {
                grad[n] = row(x.grad().toDoubleArray(), x.shape(), n, STEPS);
                for (int t = LENGTHS[n]; t < STEPS; t++) {
                    assertArrayEquals(new double[3], grad[n][t], 0, cell + " gradient at padding, row " + n + " step " + t);
                }
            }
        }
    }

    /** [N, T] F64 with 1 for the first {@code lengths[n]} steps of row n. */
    private static Tensor mask(int[] lengths, int steps) {
        double[] values = new double[lengths.length * steps];
        for (int n = 0; n < lengths.length; n++) {
            for (int t = 0; t < lengths[n]; t++) {
                values[n * steps + t] = 1;
            }
        }
        return Tensors.of(values, lengths.length, steps);
    }
}
