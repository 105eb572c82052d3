package dev.lathe.layers.bert;

import dev.lathe.engine.DType;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.backend.CompareOp;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Reductions;
import dev.lathe.layers.Flow;
import dev.lathe.layers.Layer;
import dev.lathe.layers.Linear;
import dev.lathe.layers.Sequential;
import dev.lathe.layers.init.Initializer;
import java.util.Arrays;

/**
 * A BERT encoder as Hugging Face's BertModel, whose state dict names it shares ({@code embeddings.*},
 * {@code encoder.layer.{i}.*}, and {@code pooler.dense.*} with {@link BertPooling#POOLER}), so
 * checkpoints load without renaming. Initialised as Hugging Face: Linear and Embedding weights
 * N(0, initializer_range²), zero biases, LayerNorm ones and zeros, the padding row of the word
 * embeddings zero.
 *
 * <p>In a sequential model it reads the Flow: values are the token ids [N, T] (I32), the mask the
 * attention mask [N, T] (1 real, 0 padding; when null, derived as ids ≠ pad_token_id), the segments
 * the token type ids [N, T] (I32; null means all 0). It outputs per {@link BertPooling}.
 */
public final class Bert extends Layer {

    private final BertConfig config;
    private final BertPooling pooling;
    private final BertEmbeddings embeddings;
    private final Sequential encoder;
    private final BertPooler pooler;

    public Bert(BertConfig config, BertPooling pooling, Generator generator) {
        this.config = config;
        this.pooling = pooling;
        this.embeddings = addChild("embeddings", new BertEmbeddings(config, generator));
        Sequential layers = new Sequential();
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(new BertLayer(config, generator));
        }
        this.encoder = addChild("encoder", new Sequential().add("layer", layers));
        this.pooler = pooling == BertPooling.POOLER ? addChild("pooler", new BertPooler(config, generator)) : null;
    }

    /** A Linear initialised as Hugging Face's BertPreTrainedModel does: N(0, initializer_range²) weight, zero bias. */
    static Linear linear(int in, int out, BertConfig config, Generator generator) {
        return new Linear(in, out, true, Initializer.normal(config.initializerRange()), Initializer.zeros(), generator);
    }

    public BertConfig config() {
        return config;
    }

    public BertPooling pooling() {
        return pooling;
    }

    /** The pooled output for token ids [N, T], with the mask derived from the padding id and all segments 0. */
    @Override
    public Tensor forward(Tensor ids) {
        return forward(Flow.of(ids)).values();
    }

    @Override
    public Flow forward(Flow input) {
        Tensor ids = input.values();
        checkInputs(ids, input.mask(), input.segments());
        Tensor mask = attentionMask(ids, input.mask());
        Tensor hidden = encode(ids, mask, input.segments());
        return switch (pooling) {
            case NONE -> new Flow(hidden, mask, input.segments());
            case CLS -> input.withoutTime(first(hidden));
            case POOLER -> input.withoutTime(pooler.forward(first(hidden)));
            case MEAN -> input.withoutTime(maskedMean(hidden, mask));
        };
    }

    /**
     * The last hidden states [N, T, H] (Hugging Face's {@code last_hidden_state}) for token ids [N, T]
     * (I32), an attention mask [N, T] (1 real, 0 padding; null: ids ≠ pad_token_id) and token type
     * ids [N, T] (I32; null: all 0).
     */
    public Tensor sequenceOutput(Tensor ids, Tensor attentionMask, Tensor tokenTypeIds) {
        checkInputs(ids, attentionMask, tokenTypeIds);
        return encode(ids, attentionMask(ids, attentionMask), tokenTypeIds);
    }

    private Tensor encode(Tensor ids, Tensor mask, Tensor segments) {
        Tensor embedded = embeddings.forward(ids, segments);
        return encoder.forward(new Flow(embedded, mask, segments)).values();
    }

    /** The given mask in the hidden states' dtype, or ids ≠ pad_token_id. */
    private Tensor attentionMask(Tensor ids, Tensor given) {
        Tensor mask = given != null ? given
                : Elementwise.compare(CompareOp.NE, ids, Tensors.scalarLike(ids, config.padTokenId()));
        return mask.to(embeddings.dtype());
    }

    private static Tensor first(Tensor hidden) {
        return hidden.narrow(1, 0, 1).squeeze(1);
    }

    /** Σ_t h·mask / Σ_t mask, the denominator kept from 0 for rows without real tokens (as sentence-transformers). */
    private static Tensor maskedMean(Tensor hidden, Tensor mask) {
        Tensor weights = mask.unsqueeze(-1);
        Tensor total = Reductions.sum(Elementwise.mul(hidden, weights), 1, false);
        Tensor count = Elementwise.maximum(Reductions.sum(weights, 1, false), Tensors.scalarLike(weights, 1e-9));
        return Elementwise.div(total, count);
    }

    private void checkInputs(Tensor ids, Tensor mask, Tensor segments) {
        if (ids.dtype() != DType.I32 || ids.dim() != 2) {
            throw new IllegalArgumentException(describe() + " needs token ids [N, T] of type I32, got " + ids.describe());
        }
        checkLength(ids.size(1));
        if (mask != null && !Arrays.equals(mask.shape(), ids.shape())) {
            throw new IllegalArgumentException(describe() + ": attention mask " + mask.describe() + " does not match ids " + ids.describe());
        }
        if (segments != null && (segments.dtype() != DType.I32 || !Arrays.equals(segments.shape(), ids.shape()))) {
            throw new IllegalArgumentException(describe() + " needs token type ids of type I32 shaped as the ids " + ids.describe()
                    + ", got " + segments.describe());
        }
    }

    private void checkLength(int steps) {
        if (steps < 1 || steps > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException(describe() + " takes sequences of 1 to max_position_embeddings = "
                    + config.maxPositionEmbeddings() + " tokens, got " + steps);
        }
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 1) {
            throw new IllegalArgumentException(describe() + " needs token ids [T], got [" + Shapes.format(inputShape) + "]");
        }
        checkLength(inputShape[0]);
        return pooling == BertPooling.NONE ? new int[] {inputShape[0], config.hiddenSize()} : new int[] {config.hiddenSize()};
    }

    @Override
    public String describe() {
        return "Bert(layers=" + config.numHiddenLayers() + ", hidden=" + config.hiddenSize() + ", heads="
                + config.numAttentionHeads() + ", pooling=" + pooling.specName() + ")";
    }
}
