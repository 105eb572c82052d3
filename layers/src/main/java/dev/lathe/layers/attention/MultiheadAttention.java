package dev.lathe.layers.attention;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.LinearAlgebra;
import dev.lathe.layers.Linear;
import dev.lathe.layers.Parameter;
import dev.lathe.layers.init.Initializer;

/**
 * Multi-head self-attention over [N, T, E], as torch.nn.MultiheadAttention(E, heads, dropout,
 * batch_first=True) called with query = key = value: {@code in_proj_weight} [3E, E] holds the query,
 * key and value projections stacked in that order, {@code in_proj_bias} [3E], then {@code out_proj}.
 * Initialised as PyTorch: Xavier-uniform in_proj_weight, zero biases, out_proj.weight as Linear's
 * default. Inside a sequential model the Flow's mask is the key padding mask.
 */
public final class MultiheadAttention extends SelfAttentionLayer {

    private final int embedDim;
    private final int heads;
    private final double dropout;
    private final Generator dropoutGenerator;
    private final Parameter inProjWeight;
    private final Parameter inProjBias;
    private final Linear outProj;

    public MultiheadAttention(int embedDim, int heads, double dropout, Generator generator) {
        if (embedDim < 1 || heads < 1 || embedDim % heads != 0) {
            throw new IllegalArgumentException("MultiheadAttention needs an embedding size divisible by the number of heads, got "
                    + embedDim + " and " + heads + " heads");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("MultiheadAttention dropout must lie in [0, 1), got " + dropout);
        }
        this.embedDim = embedDim;
        this.heads = heads;
        this.dropout = dropout;
        this.inProjWeight = addParameter("in_proj_weight", Initializer.glorotUniform().create(generator, embedDim, 3 * embedDim, 3 * embedDim, embedDim));
        this.inProjBias = addParameter("in_proj_bias", Initializer.zeros().create(generator, embedDim, 3 * embedDim, 3 * embedDim));
        this.outProj = addChild("out_proj", new Linear(embedDim, embedDim, true, Initializer.pytorchDefault(), Initializer.zeros(), generator));
        this.dropoutGenerator = addGenerator(generator.split());
    }

    public int embedDim() {
        return embedDim;
    }

    public int heads() {
        return heads;
    }

    @Override
    public Tensor forward(Tensor x, Tensor keyMask) {
        if (x.dim() != 3 || x.size(2) != embedDim) {
            throw new IllegalArgumentException(describe() + " needs input [N, T, " + embedDim + "], got " + x.describe());
        }
        Tensor packed = Elementwise.add(LinearAlgebra.matmul(x, inProjWeight.value().transpose(0, 1)), inProjBias.value());
        Tensor q = Attention.splitHeads(packed.narrow(2, 0, embedDim), heads);
        Tensor k = Attention.splitHeads(packed.narrow(2, embedDim, embedDim), heads);
        Tensor v = Attention.splitHeads(packed.narrow(2, 2 * embedDim, embedDim), heads);
        Tensor attended = Attention.scaledDotProduct(q, k, v, keyMask, dropout, isTraining(), dropoutGenerator);
        return outProj.forward(Attention.mergeHeads(attended));
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 2 || inputShape[1] != embedDim) {
            throw new IllegalArgumentException(describe() + " needs inputs [T, " + embedDim + "], got [" + Shapes.format(inputShape) + "]");
        }
        return inputShape.clone();
    }

    @Override
    public String describe() {
        return "MultiheadAttention(" + embedDim + ", heads=" + heads + ")";
    }
}
