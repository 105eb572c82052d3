package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.DType;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.cuda.KernelLauncher;

/** The CUDA backend's LSTM cell (Backend#lstmCell) through lstm.cu, one thread per (row, hidden unit). */
public final class CudaLstm {

    private CudaLstm() {
    }

    /** [N, 2H]: h' then c', from the pre-activation gates [N, 4H] and the previous cell [N, H]. */
    public static Tensor cell(KernelLauncher k, Tensor gates, Tensor cPrev) {
        Operands.requireF32("lstm_cell", gates);
        Operands.sameDtypeAndDevice("lstm_cell", gates, cPrev);
        long rows = cPrev.size(0);
        long hidden = cPrev.size(1);
        Tensor out = k.empty(DType.F32, (int) rows, (int) (2 * hidden));
        try (Operands.Dense g = Operands.dense(k, gates); Operands.Dense c = Operands.dense(k, cPrev)) {
            KernelNames.LSTM_CELL.launch(k, rows * hidden, g.arg(), c.arg(), KernelArg.of(out), KernelArg.of(rows),
                    KernelArg.of(hidden));
        }
        return out;
    }

    /** {gradGates [N, 4H], gradCPrev [N, H]} from the gradient of {@link #cell}'s output. */
    public static Tensor[] cellBackward(KernelLauncher k, Tensor gradOutput, Tensor gates, Tensor cPrev) {
        Operands.requireF32("lstm_cell backward", gates);
        Operands.sameDtypeAndDevice("lstm_cell backward", gates, cPrev);
        Operands.sameDtypeAndDevice("lstm_cell backward", gates, gradOutput);
        int rows = cPrev.size(0);
        int hidden = cPrev.size(1);
        Tensor gradGates = k.empty(DType.F32, rows, 4 * hidden);
        Tensor gradCPrev = k.empty(DType.F32, rows, hidden);
        try (Operands.Dense gy = Operands.dense(k, gradOutput); Operands.Dense g = Operands.dense(k, gates);
             Operands.Dense c = Operands.dense(k, cPrev)) {
            KernelNames.LSTM_CELL_BACKWARD.launch(k, (long) rows * hidden, gy.arg(), g.arg(), c.arg(), KernelArg.of(gradGates),
                    KernelArg.of(gradCPrev), KernelArg.of((long) rows), KernelArg.of((long) hidden));
        }
        return new Tensor[] {gradGates, gradCPrev};
    }
}
