package dev.lathe.engine.cpu;

import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import java.util.Arrays;

/** Batched matrix products, each batch entry one OpenBLAS GEMM on the operands' own strides where BLAS can read them. */
final class CpuMatmul {

    private CpuMatmul() {
    }

    /** How BLAS reads one operand: transposed or not, with its leading dimension; null if the strides need a copy. */
    private record Layout(boolean transposed, int leading) {

        static Layout of(int rows, int cols, int rowStride, int colStride) {
            if (colStride == 1 && (rows == 1 || rowStride >= Math.max(cols, 1))) {
                return new Layout(false, rows == 1 ? Math.max(cols, 1) : rowStride);
            }
            if (rowStride == 1 && (cols == 1 || colStride >= Math.max(rows, 1))) {
                return new Layout(true, cols == 1 ? Math.max(rows, 1) : colStride);
            }
            return null;
        }

        /** The operand of logical size rows x cols as BLAS stores it (cols x rows when transposed). */
        Blas.Matrix matrix(CpuStorage storage, int offset, int rows, int cols) {
            return transposed ? new Blas.Matrix(storage, offset, cols, rows, leading) : new Blas.Matrix(storage, offset, rows, cols, leading);
        }
    }

    static Tensor matmul(CpuBackend backend, Tensor a, Tensor b) {
        int[] as = a.shape();
        int[] bs = b.shape();
        if (as.length < 2 || bs.length < 2) {
            throw new IllegalArgumentException("matmul needs operands of rank >= 2, got [" + Shapes.format(as) + "] and [" + Shapes.format(bs) + "]");
        }
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            throw new IllegalArgumentException("matmul: inner dimensions differ in [" + Shapes.format(as) + "] @ [" + Shapes.format(bs) + "]");
        }
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("matmul: dtypes differ, " + a.dtype() + " and " + b.dtype());
        }
        int[] batchA = Arrays.copyOf(as, as.length - 2);
        int[] batchB = Arrays.copyOf(bs, bs.length - 2);
        int[] batch = Shapes.broadcast(batchA, batchB);
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        Tensor out = backend.empty(a.dtype(), outShape);
        try (Tensor ca = readable(backend, a); Tensor cb = readable(backend, b)) {
            Tensor ua = ca != null ? ca : a;
            Tensor ub = cb != null ? cb : b;
            Layout la = layout(ua);
            Layout lb = layout(ub);
            int[] sa = ua.strides();
            int[] sb = ub.strides();
            int[] batchStridesA = Shapes.broadcastStrides(batchA, Arrays.copyOf(sa, batchA.length), batch);
            int[] batchStridesB = Shapes.broadcastStrides(batchB, Arrays.copyOf(sb, batchB.length), batch);
            int batches = Shapes.numel(batch);
            CpuStorage sta = CpuStorage.of(ua);
            CpuStorage stb = CpuStorage.of(ub);
            CpuStorage sto = CpuStorage.of(out);
            if (batches > 1 && Shapes.numel(batchB) == 1 && ua.isContiguous()) {
                // every batch entry of a meets the same b (a linear layer on [N, T, C]): one GEMM
                // over all their rows is far faster than many small ones
                Blas.gemm(false, lb.transposed(), 1.0, new Blas.Matrix(sta, ua.offset(), batches * m, k, Math.max(k, 1)),
                        lb.matrix(stb, ub.offset(), k, n), 0.0, new Blas.Matrix(sto, 0, batches * m, n, n));
                return out;
            }
            // batch entries (attention's heads) are small products each: spread the entries over
            // the workers rather than splitting each one
            Parallel.forRange(batches, 2L * m * n * k, (i0, i1) -> {
                int[] index = new int[batch.length];
                for (int i = i0; i < i1; i++) {
                    int rest = i;
                    int offA = ua.offset();
                    int offB = ub.offset();
                    for (int d = batch.length - 1; d >= 0; d--) {
                        index[d] = rest % batch[d];
                        rest /= batch[d];
                        offA += index[d] * batchStridesA[d];
                        offB += index[d] * batchStridesB[d];
                    }
                    Blas.gemm(la.transposed(), lb.transposed(), 1.0, la.matrix(sta, offA, m, k), lb.matrix(stb, offB, k, n),
                            0.0, new Blas.Matrix(sto, i * m * n, m, n, n));
                }
            });
        }
        return out;
    }

    private static Layout layout(Tensor t) {
        int r = t.dim();
        return Layout.of(t.size(r - 2), t.size(r - 1), t.stride(r - 2), t.stride(r - 1));
    }

    /** A contiguous copy when BLAS cannot read the operand's strides, else null. */
    private static Tensor readable(CpuBackend backend, Tensor t) {
        return layout(t) == null ? backend.denseView(t) : null;
    }
}
