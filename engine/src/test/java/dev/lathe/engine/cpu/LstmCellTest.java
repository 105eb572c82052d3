package dev.lathe.engine.cpu;

import static dev.lathe.engine.TestTensors.assertClose;
import static dev.lathe.engine.TestTensors.random;
import static dev.lathe.engine.TestTensors.tensor;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Recurrent;
import dev.lathe.engine.ops.Views;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fused LSTM cell against the same cell written with elementwise ops, values and gradients. */
class LstmCellTest {

    private static final int N = 6;
    private static final int H = 19;

    /** h' and c' side by side, from the elementwise ops the layer used before the fused op. */
    private static Tensor composite(Tensor gates, Tensor cPrev) {
        Tensor in = Elementwise.sigmoid(gates.narrow(1, 0, H));
        Tensor forget = Elementwise.sigmoid(gates.narrow(1, H, H));
        Tensor candidate = Elementwise.tanh(gates.narrow(1, 2 * H, H));
        Tensor out = Elementwise.sigmoid(gates.narrow(1, 3 * H, H));
        Tensor cell = Elementwise.add(Elementwise.mul(forget, cPrev), Elementwise.mul(in, candidate));
        return Views.cat(List.of(Elementwise.mul(out, Elementwise.tanh(cell)), cell), 1);
    }

    private static void check(DType dtype, boolean transposedGates, double rtol, double atol) {
        double[] gateValues = random(1, dtype, N * 4 * H, -4, 4);
        double[] cellValues = random(2, dtype, N * H, -3, 3);
        double[] gradValues = random(3, dtype, N * 2 * H, -1, 1);
        Tensor[] expected = new Tensor[3];
        Tensor[] actual = new Tensor[3];
        for (boolean fused : new boolean[] {false, true}) {
            Tensor gatesLeaf = transposedGates ? tensor(transpose(gateValues), dtype, 4 * H, N).requiresGrad(true)
                    : tensor(gateValues, dtype, N, 4 * H).requiresGrad(true);
            Tensor gates = transposedGates ? gatesLeaf.transpose(0, 1) : gatesLeaf;
            Tensor cPrev = tensor(cellValues, dtype, N, H).requiresGrad(true);
            Tensor y = fused ? Recurrent.lstmCell(gates, cPrev) : composite(gates, cPrev);
            y.backward(tensor(gradValues, dtype, N, 2 * H));
            Tensor gatesGrad = transposedGates ? gatesLeaf.grad().transpose(0, 1) : gatesLeaf.grad();
            Tensor[] results = fused ? actual : expected;
            results[0] = y.detach();
            results[1] = gatesGrad;
            results[2] = cPrev.grad();
        }
        String what = "lstm_cell " + dtype + (transposedGates ? " on transposed gates" : "");
        assertClose(expected[0].toDoubleArray(), actual[0], rtol, atol, what + ": h' and c'");
        assertClose(expected[1].toDoubleArray(), actual[1], rtol, atol, what + ": gate gradients");
        assertClose(expected[2].toDoubleArray(), actual[2], rtol, atol, what + ": previous cell gradient");
    }

    /** [N, 4H] row-major values laid out as [4H, N] row-major. */
    private static double[] transpose(double[] values) {
        double[] t = new double[values.length];
        for (int r = 0; r < N; r++) {
            for (int c = 0; c < 4 * H; c++) {
                t[c * N + r] = values[r * 4 * H + c];
            }
        }
        return t;
    }

    @Test
    void f64MatchesTheElementwiseCell() {
        check(DType.F64, false, 1e-12, 1e-14);
        check(DType.F64, true, 1e-12, 1e-14);
    }

    @Test
    void f32MatchesTheElementwiseCell() {
        check(DType.F32, false, 1e-5, 1e-6);
        check(DType.F32, true, 1e-5, 1e-6);
    }

    @Test
    void mismatchedShapesAreRejectedNamingBoth() {
        Tensor gates = tensor(new double[N * 3 * H], DType.F32, N, 3 * H);
        Tensor cPrev = tensor(new double[N * H], DType.F32, N, H);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recurrent.lstmCell(gates, cPrev));
        assertTrue(e.getMessage().contains("[6, 57]") && e.getMessage().contains("[6, 19]"), e.getMessage());
    }
}
