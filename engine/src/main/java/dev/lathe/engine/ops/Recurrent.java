package dev.lathe.engine.ops;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.autograd.Graph;
import dev.lathe.engine.backend.Backend;
import java.util.List;

/** Recurrent cells' pointwise parts as one backend op each way. */
public final class Recurrent {

    static final List<String> OPS = List.of("lstm_cell");

    private Recurrent() {
    }

    /**
     * The LSTM cell after its matrix products (see {@link Backend#lstmCell}): pre-activation gates
     * [N, 4H] in torch.nn.LSTM's order i, f, g, o and the previous cell [N, H] give [N, 2H], the new
     * hidden state in the first H columns and the new cell in the last H.
     */
    public static Tensor lstmCell(Tensor gates, Tensor cPrev) {
        if (cPrev.dim() != 2 || gates.dim() != 2 || gates.size(0) != cPrev.size(0) || gates.size(1) != 4 * cPrev.size(1)) {
            throw new IllegalArgumentException("lstm_cell needs gates [N, 4H] and a cell [N, H], got gates " + gates.describe()
                    + " and cell " + cPrev.describe());
        }
        Backend backend = gates.backend();
        Tensor out = backend.lstmCell(gates, cPrev);
        return Graph.record(out, "lstm_cell", g -> backend.lstmCellBackward(g, gates, cPrev), gates, cPrev);
    }
}
