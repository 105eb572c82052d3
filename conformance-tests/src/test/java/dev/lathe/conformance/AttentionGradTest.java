package dev.lathe.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.layers.Flow;
import dev.lathe.layers.attention.FeedForwardActivation;
import dev.lathe.layers.attention.Attention;
import dev.lathe.layers.attention.MultiheadAttention;
import dev.lathe.layers.attention.TransformerEncoderLayer;
import dev.lathe.layers.bert.Bert;
import dev.lathe.layers.bert.BertConfig;
import dev.lathe.layers.bert.BertPooling;
import org.junit.jupiter.api.Test;

/** F64 gradient checks of attention, MultiheadAttention, TransformerEncoderLayer and BERT, with padding masks. */
class AttentionGradTest {

    /** Two sequences of three steps; the second has one padded step. */
    private static Tensor mask() {
        return Tensors.of(new double[] {1, 1, 1, 1, 1, 0}, 2, 3);
    }

    @Test
    void scaledDotProductWithAPaddingMask() {
        Tensor[] leaves = {LayerGradCheck.input(1, 2, 2, 3, 2), LayerGradCheck.input(2, 2, 2, 3, 2), LayerGradCheck.input(3, 2, 2, 3, 2)};
        try (Tensor mask = mask()) {
            double worst = GradCheck.check("scaled dot-product attention", x -> Attention.scaledDotProduct(x[0], x[1], x[2], mask, 0, false, null),
                    leaves, GradCheck.EPS, GradCheck.ATOL, GradCheck.RTOL);
            assertTrue(worst < 1e-7, "worst " + worst);
        } finally {
            for (Tensor leaf : leaves) {
                leaf.close();
            }
        }
    }

    @Test
    void multiheadAttentionWithRowsOfDifferentLengths() {
        MultiheadAttention mha = new MultiheadAttention(4, 2, 0, new Generator(4));
        try (Tensor mask = mask()) {
            double worst = LayerGradCheck.check("MultiheadAttention(4, 2 heads)", mha, x -> mha.forward(x[0], mask), LayerGradCheck.input(5, 2, 3, 4));
            assertTrue(worst < 1e-7, "worst " + worst);
        }
    }

    private static void checkEncoderLayer(FeedForwardActivation activation, boolean normFirst, long seed) {
        TransformerEncoderLayer block = new TransformerEncoderLayer(4, 2, 6, 0.1, activation, 1e-5, normFirst, new Generator(seed));
        block.eval();
        try (Tensor mask = mask()) {
            double worst = LayerGradCheck.check(block.describe() + " " + activation, block,
                    x -> block.forward(new Flow(x[0], mask, null)).values(), LayerGradCheck.input(seed + 1, 2, 3, 4));
            assertTrue(worst < 1e-7, "worst " + worst);
        }
    }

    @Test
    void transformerEncoderLayerPostLayerNorm() {
        checkEncoderLayer(FeedForwardActivation.GELU, false, 6);
    }

    @Test
    void transformerEncoderLayerPreLayerNorm() {
        checkEncoderLayer(FeedForwardActivation.RELU, true, 8);
    }

    /**
     * A one-layer BERT (vocab 11, hidden 4, 2 heads, FFN 8) over ids [N = 2, T = 3] with padding and
     * segments; the ids are built inside the checked function since they are not leaves.
     */
    private static void checkBert(BertPooling pooling, String activation) {
        BertConfig config = new BertConfig(11, 4, 1, 2, 8, activation, 0.1, 0.1, 3, 2, 0.5, 1e-12, 0);
        Bert bert = new Bert(config, pooling, new Generator(10));
        bert.eval();
        double worst = LayerGradCheck.check("BERT pooling " + pooling.specName() + " " + activation, bert, unused -> {
            Tensor ids = Tensors.of(new int[] {2, 5, 7, 3, 9, 0}, 2, 3);
            Tensor segments = Tensors.of(new int[] {0, 0, 1, 0, 1, 1}, 2, 3);
            Flow out = bert.forward(new Flow(ids, mask(), segments));
            // the padding id's embedding row gets no gradient (as torch's padding_idx), yet the padded
            // step's own output reads it: compare only real steps' outputs
            return pooling == BertPooling.NONE ? Elementwise.mul(out.values(), out.mask().unsqueeze(-1)) : out.values();
        });
        assertTrue(worst < 1e-7, "worst " + worst);
    }

    @Test
    void bertWithClsPooling() {
        checkBert(BertPooling.CLS, "gelu");
    }

    @Test
    void bertWithMeanPooling() {
        checkBert(BertPooling.MEAN, "gelu_new");
    }

    @Test
    void bertWithThePooler() {
        checkBert(BertPooling.POOLER, "gelu");
    }

    @Test
    void bertSequenceOutput() {
        checkBert(BertPooling.NONE, "relu");
    }
}
