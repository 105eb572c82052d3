package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.cuda.KernelLauncher;

/** Launch helpers of the row-wise fused kernels: [rows, cols] views of the last dimension, one block per row. */
final class Rows {

    private Rows() {
    }

    /** Only the last dimension: the fused kernels walk contiguous rows. */
    static void requireLastDim(String op, Tensor x, int dim) {
        if (Shapes.normalizeDim(dim, x.dim()) != x.dim() - 1) {
            throw new IllegalArgumentException(op + " on CUDA runs along the last dimension, got dimension " + dim + " of " + x.describe());
        }
    }

    static long cols(Tensor x) {
        return x.dim() == 0 ? 1 : x.size(x.dim() - 1);
    }

    static long rows(Tensor x) {
        long cols = cols(x);
        return cols == 0 ? 0 : x.numel() / cols;
    }

    /** One block per row (the kernels loop when there are more rows than blocks). */
    static void launch(KernelLauncher k, Kernel kernel, long rows, KernelArg... args) {
        if (rows > 0) {
            kernel.launch(k, (int) Math.min(rows, Integer.MAX_VALUE), KernelNames.ROW_THREADS, args);
        }
    }
}
