package dev.lathe.layers.attention;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.functional.Dropout;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.layers.LayerNorm;
import dev.lathe.layers.Linear;

/**
 * One transformer encoder block over [N, T, E], as torch.nn.TransformerEncoderLayer(batch_first=True):
 * children {@code self_attn}, {@code linear1}, {@code linear2}, {@code norm1}, {@code norm2}, registered
 * in PyTorch's order so the state dict names match. Post-LN (BERT's layout) unless {@code normFirst}.
 * Inside a sequential model the Flow's mask is the key padding mask.
 */
public final class TransformerEncoderLayer extends SelfAttentionLayer {

    private final double dropout;
    private final FeedForwardActivation activation;
    private final boolean normFirst;
    private final Generator dropoutGenerator;
    private final MultiheadAttention selfAttn;
    private final Linear linear1;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;

    /** PyTorch's defaults: feed-forward 2048, dropout 0.1, ReLU, eps 1e-5, post-LN. */
    public TransformerEncoderLayer(int dModel, int nhead, Generator generator) {
        this(dModel, nhead, 2048, 0.1, FeedForwardActivation.RELU, LayerNorm.DEFAULT_EPS, false, generator);
    }

    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, FeedForwardActivation activation,
                                   double layerNormEps, boolean normFirst, Generator generator) {
        if (dimFeedforward < 1 || activation == null) {
            throw new IllegalArgumentException("TransformerEncoderLayer needs a positive feed-forward size and an activation, got "
                    + dimFeedforward + " and " + activation);
        }
        this.dropout = dropout;
        this.activation = activation;
        this.normFirst = normFirst;
        this.selfAttn = addChild("self_attn", new MultiheadAttention(dModel, nhead, dropout, generator));
        this.linear1 = addChild("linear1", new Linear(dModel, dimFeedforward, true, generator));
        this.linear2 = addChild("linear2", new Linear(dimFeedforward, dModel, true, generator));
        this.norm1 = addChild("norm1", new LayerNorm(new int[] {dModel}, layerNormEps, true));
        this.norm2 = addChild("norm2", new LayerNorm(new int[] {dModel}, layerNormEps, true));
        this.dropoutGenerator = addGenerator(generator.split());
    }

    @Override
    public Tensor forward(Tensor x, Tensor keyMask) {
        if (normFirst) {
            Tensor h = Elementwise.add(x, attentionBlock(norm1.forward(x), keyMask));
            return Elementwise.add(h, feedForwardBlock(norm2.forward(h)));
        }
        Tensor h = norm1.forward(Elementwise.add(x, attentionBlock(x, keyMask)));
        return norm2.forward(Elementwise.add(h, feedForwardBlock(h)));
    }

    private Tensor attentionBlock(Tensor x, Tensor keyMask) {
        return drop(selfAttn.forward(x, keyMask));
    }

    private Tensor feedForwardBlock(Tensor x) {
        return drop(linear2.forward(drop(activation.apply(linear1.forward(x)))));
    }

    private Tensor drop(Tensor x) {
        return Dropout.dropout(x, dropout, isTraining(), dropoutGenerator);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return selfAttn.outputShape(inputShape);
    }

    @Override
    public String describe() {
        return "TransformerEncoderLayer(" + selfAttn.embedDim() + ", heads=" + selfAttn.heads() + (normFirst ? ", pre-LN)" : ")");
    }
}
