package dev.lathe.engine.cpu;

import dev.lathe.engine.DType;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.ReduceOp;
import java.util.Arrays;

/**
 * index_select / index_add (embedding lookups and their gradients), the embedding bag (a lookup
 * summed over each row of ids) and gather / scatter_add (per-element picks).
 */
final class CpuIndexing {

    private CpuIndexing() {
    }

    /** Shape of x with dimension {@code dim} replaced by the whole shape of the index. */

    private static int[] readIndices(CpuBackend backend, Tensor index, int limit, String op) {
        if (index.dtype() != DType.I32) {
            throw new IllegalArgumentException(op + ": index must be I32, got " + index.dtype());
        }
        int[] values = backend.toIntArray(index);
        for (int v : values) {
            if (v < 0 || v >= limit) {
                throw new IndexOutOfBoundsException(op + ": index " + v + " is out of range for a dimension of size " + limit);
            }
        }
        return values;
    }

    static Tensor indexSelect(CpuBackend backend, Tensor x, int dim, Tensor index) {
        int[] xs = x.shape();
        int[] idx = readIndices(backend, index, xs[dim], "index_select");
        Tensor out = backend.empty(x.dtype(), Shapes.selectShape(xs, dim, index.shape()));
        int outer = Shapes.numel(Arrays.copyOf(xs, dim));
        int size = xs[dim];
        int inner = Shapes.numel(Arrays.copyOfRange(xs, dim + 1, xs.length));
        int k = idx.length;
        try (Tensor xt = backend.denseView(x)) {
            CpuStorage src = CpuStorage.of(xt);
            CpuStorage dst = CpuStorage.of(out);
            Parallel.forRange(outer * k, inner, (r0, r1) -> {
                // (o, i) = (r / k, r % k), stepped instead of divided: two divisions a row cost more
                // than copying an embedding's row
                int o = r0 / k;
                int i = r0 % k;
                for (int r = r0; r < r1; r++) {
                    dst.copyRun(src, (o * size + idx[i]) * inner, r * inner, inner);
                    if (++i == k) {
                        i = 0;
                        o++;
                    }
                }
            });
        }
        return out;
    }

    /**
     * out[n] = the sum over t of table[ids[n, t]] for a table [V, C] and ids [N, T], in double and
     * in order of t: the bits of index_select followed by a sum over T, without writing the
     * [N, T, C] lookup (for a text model that pools its embeddings, the lookup and the pool's pass
     * over it were two thirds of inference).
     */
    static Tensor embeddingBagSum(CpuBackend backend, Tensor table, Tensor ids) {
        if (table.dtype() != DType.F32) {
            try (Tensor rows = indexSelect(backend, table, 0, ids)) {
                return backend.reduce(ReduceOp.SUM, rows, new int[] {1}, false);
            }
        }
        int[] idx = readIndices(backend, ids, table.size(0), "embedding_bag_sum");
        int bags = ids.size(0);
        int length = ids.size(1);
        int width = table.size(1);
        Tensor out = backend.empty(DType.F32, bags, width);
        try (Tensor dense = backend.denseView(table)) {
            float[] data = ((CpuStorage.F32) CpuStorage.of(dense)).data();
            CpuStorage o = CpuStorage.of(out);
            for (int k = 0; k < idx.length; k++) {
                idx[k] *= width;
            }
            Parallel.forRange(bags, (long) length * width, (n0, n1) -> {
                double[] acc = new double[width];
                for (int n = n0; n < n1; n++) {
                    Arrays.fill(acc, 0);
                    RowSums.add(data, idx, n * length, length, width, acc);
                    for (int j = 0; j < width; j++) {
                        o.set(n * width + j, acc[j]);
                    }
                }
            });
        }
        return out;
    }

    static Tensor indexAdd(CpuBackend backend, int[] shape, int dim, Tensor index, Tensor source) {
        int[] idx = readIndices(backend, index, shape[dim], "index_add");
        int[] expected = Shapes.selectShape(shape, dim, index.shape());
        if (!Arrays.equals(expected, source.shape())) {
            throw new IllegalArgumentException("index_add: source [" + Shapes.format(source.shape()) + "] should be ["
                    + Shapes.format(expected) + "]");
        }
        Tensor out = backend.empty(source.dtype(), shape);
        backend.fill(out, 0);
        int outer = Shapes.numel(Arrays.copyOf(shape, dim));
        int size = shape[dim];
        int inner = Shapes.numel(Arrays.copyOfRange(shape, dim + 1, shape.length));
        int k = idx.length;
        try (Tensor st = backend.denseView(source)) {
            CpuStorage src = CpuStorage.of(st);
            CpuStorage dst = CpuStorage.of(out);
            // split over the inner positions: different threads never add into the same element
            Parallel.forRange(inner, (long) outer * k, (i0, i1) -> {
                for (int o = 0; o < outer; o++) {
                    for (int j = 0; j < k; j++) {
                        int from = (o * k + j) * inner;
                        int to = (o * size + idx[j]) * inner;
                        for (int i = i0; i < i1; i++) {
                            dst.add(to + i, src.get(from + i));
                        }
                    }
                }
            });
        }
        return out;
    }

    static Tensor gather(CpuBackend backend, Tensor x, int dim, Tensor index) {
        int[] xs = x.shape();
        int[] is = index.shape();
        Shapes.checkGatherShapes("gather", xs, dim, is);
        readIndices(backend, index, xs[dim], "gather");
        Tensor out = backend.empty(x.dtype(), is);
        CpuStorage src = CpuStorage.of(x);
        CpuStorage ids = CpuStorage.of(index);
        CpuStorage dst = CpuStorage.of(out);
        int[] xStrides = x.strides();
        int dimStride = xStrides[dim];
        xStrides[dim] = 0;
        StridedCursor.forEach(is, new int[][] {out.strides(), index.strides(), xStrides},
                new int[] {out.offset(), index.offset(), x.offset()}, 2, (n, off, step) -> {
                    for (int j = 0; j < n; j++) {
                        int at = (int) ids.get(off[1] + j * step[1]);
                        dst.set(off[0] + j * step[0], src.get(off[2] + j * step[2] + at * dimStride));
                    }
                });
        return out;
    }

    static Tensor scatterAdd(CpuBackend backend, int[] shape, int dim, Tensor index, Tensor source) {
        int[] is = index.shape();
        Shapes.checkGatherShapes("scatter_add", shape, dim, is);
        if (!Arrays.equals(is, source.shape())) {
            throw new IllegalArgumentException("scatter_add: source [" + Shapes.format(source.shape())
                    + "] and index [" + Shapes.format(is) + "] differ in shape");
        }
        readIndices(backend, index, shape[dim], "scatter_add");
        Tensor out = backend.empty(source.dtype(), shape);
        backend.fill(out, 0);
        CpuStorage src = CpuStorage.of(source);
        CpuStorage ids = CpuStorage.of(index);
        CpuStorage dst = CpuStorage.of(out);
        int[] outStrides = out.strides();
        int dimStride = outStrides[dim];
        outStrides[dim] = 0;
        // sequential: several index entries may add into the same element
        new StridedCursor(is, new int[][] {outStrides, index.strides(), source.strides()},
                new int[] {0, index.offset(), source.offset()}).runAll((n, off, step) -> {
                    for (int j = 0; j < n; j++) {
                        int at = (int) ids.get(off[1] + j * step[1]);
                        dst.add(off[0] + j * step[0] + at * dimStride, src.get(off[2] + j * step[2]));
                    }
                });
        return out;
    }
}
