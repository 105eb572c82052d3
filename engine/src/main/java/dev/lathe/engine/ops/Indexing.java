package dev.lathe.engine.ops;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.autograd.Graph;
import java.util.List;

/** Lookups by index: index_select (embeddings) and gather (picking one class per row), with scatter-add gradients. */
public final class Indexing {

    static final List<String> OPS = List.of("index_select", "embedding_bag_sum", "gather");

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

    /**
     * The sum over t of {@code table[ids[n, t]]}: [V, C] and I32 [N, T] give [N, C], as
     * torch.nn.functional.embedding_bag with mode 'sum'. The values of {@code indexSelect(table, 0,
     * ids)} summed over T, without the [N, T, C] lookup in between.
     */
    public static Tensor embeddingBagSum(Tensor table, Tensor ids) {
        if (table.dim() != 2 || ids.dim() != 2) {
            throw new IllegalArgumentException("embedding_bag_sum needs a table [V, C] and ids [N, T], got " + table.describe()
                    + " and " + ids.describe());
        }
        Tensor out = table.backend().embeddingBagSum(table, ids);
        int[] looked = {ids.size(0), ids.size(1), table.size(1)};
        return Graph.record(out, "embedding_bag_sum",
                g -> new Tensor[] {g.backend().indexAdd(table.shape(), 0, ids, g.unsqueeze(1).expand(looked)), null}, table, ids);
    }

    /** {@code out[i][j] = x[i][index[i][j]]} for dim 1 (torch.gather semantics). */
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        Tensor out = x.backend().gather(x, dim, index);
        return Graph.record(out, "gather", g -> new Tensor[] {g.backend().scatterAdd(x.shape(), dim, index, g), null}, x, index);
    }
}
