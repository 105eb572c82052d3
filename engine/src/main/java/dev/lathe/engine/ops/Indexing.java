package dev.lathe.engine.ops;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.autograd.Graph;
import java.util.List;

/** Lookups by index: index_select (embeddings) and gather (picking one class per row), with scatter-add gradients. */
public final class Indexing {

    static final List<String> OPS = List.of("index_select", "gather");

    private Indexing() {
    }

    /**
     * Slices {@code x} at the I32 {@code index} along {@code dim}; the index may have any shape, which
     * replaces that dimension (an embedding lookup is {@code indexSelect(weight, 0, tokens)}).
     */
    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        Tensor out = x.backend().indexSelect(x, dim, index);
        return Graph.record(out, "index_select", g -> new Tensor[] {g.backend().indexAdd(x.shape(), dim, index, g), null}, x, index);
    }

    /** {@code out[i][j] = x[i][index[i][j]]} for dim 1 (torch.gather semantics). */
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        Tensor out = x.backend().gather(x, dim, index);
        return Graph.record(out, "gather", g -> new Tensor[] {g.backend().scatterAdd(x.shape(), dim, index, g), null}, x, index);
    }
}
