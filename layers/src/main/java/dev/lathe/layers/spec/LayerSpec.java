package dev.lathe.layers.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One entry of a spec's {@code layers} list, chosen by its {@code "type"}. Every entry may carry a
 * {@code name}, which becomes its prefix in the state dict (else its position, as in
 * torch.nn.Sequential). Sizes of inputs are never written: they are inferred from the layer before.
 */
// the type id stays visible for the entries that cover several types (Activation, Recurrent) and is
// not a field of the others
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", visible = true)
@JsonIgnoreProperties("type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LayerSpec.Linear.class, names = {"linear", "dense"}),
    @JsonSubTypes.Type(value = LayerSpec.Conv2d.class, name = "conv2d"),
    @JsonSubTypes.Type(value = LayerSpec.MaxPool2d.class, name = "max_pool2d"),
    @JsonSubTypes.Type(value = LayerSpec.AvgPool2d.class, name = "avg_pool2d"),
    @JsonSubTypes.Type(value = LayerSpec.GlobalAvgPool1d.class, name = "global_avg_pool1d"),
    @JsonSubTypes.Type(value = LayerSpec.GlobalMaxPool1d.class, name = "global_max_pool1d"),
    @JsonSubTypes.Type(value = LayerSpec.GlobalAvgPool2d.class, name = "global_avg_pool2d"),
    @JsonSubTypes.Type(value = LayerSpec.Flatten.class, name = "flatten"),
    @JsonSubTypes.Type(value = LayerSpec.Dropout.class, name = "dropout"),
    @JsonSubTypes.Type(value = LayerSpec.Activation.class,
            names = {"relu", "leaky_relu", "gelu", "tanh", "sigmoid", "softmax"}),
    @JsonSubTypes.Type(value = LayerSpec.BatchNorm.class, name = "batch_norm"),
    @JsonSubTypes.Type(value = LayerSpec.LayerNorm.class, name = "layer_norm"),
    @JsonSubTypes.Type(value = LayerSpec.Embedding.class, name = "embedding"),
    @JsonSubTypes.Type(value = LayerSpec.Recurrent.class, names = {"rnn", "lstm", "gru"}),
    @JsonSubTypes.Type(value = LayerSpec.MultiheadAttention.class, name = "multihead_attention"),
    @JsonSubTypes.Type(value = LayerSpec.TransformerEncoder.class, name = "transformer_encoder"),
    @JsonSubTypes.Type(value = LayerSpec.Bert.class, name = "bert"),
})
public sealed interface LayerSpec {

    /** The state-dict name of this layer, or null for its position. */
    String name();

    /** y = x Wᵀ + b; {@code activation} appends that activation as the next layer. */
    record Linear(String name, @JsonProperty(required = true) int units, Boolean bias, String activation,
                  InitSpec weightInit, InitSpec biasInit) implements LayerSpec {
    }

    /** 2-d convolution over [C, H, W]; {@code filters} output channels. */
    record Conv2d(String name, @JsonProperty(required = true) int filters, @JsonProperty(required = true) Size2 kernelSize,
                  Size2 stride, PaddingSpec padding, Size2 dilation, Integer groups, Boolean bias, String activation,
                  InitSpec weightInit, InitSpec biasInit) implements LayerSpec {
    }

    record MaxPool2d(String name, @JsonProperty(required = true) Size2 kernelSize, Size2 stride, Size2 padding) implements LayerSpec {
    }

    record AvgPool2d(String name, @JsonProperty(required = true) Size2 kernelSize, Size2 stride, Size2 padding,
                     Boolean countIncludePad) implements LayerSpec {
    }

    /** Mean over time of [T, C] → [C], counting only real (unpadded) steps. */
    record GlobalAvgPool1d(String name) implements LayerSpec {
    }

    /** Maximum over time of [T, C] → [C], over real (unpadded) steps. */
    record GlobalMaxPool1d(String name) implements LayerSpec {
    }

    /** Mean over the spatial axes of [C, H, W] → [C]. */
    record GlobalAvgPool2d(String name) implements LayerSpec {
    }

    record Flatten(String name) implements LayerSpec {
    }

    record Dropout(String name, @JsonProperty(required = true) double p) implements LayerSpec {
    }

    /**
     * An activation as a layer of its own; the kind is the entry's {@code type}. {@code negative_slope}
     * applies to leaky_relu only, {@code dim} to softmax only.
     */
    @JsonIgnoreProperties({})
    record Activation(String name, String type,
                      Double negativeSlope, Integer dim) implements LayerSpec {
    }

    /** Batch normalisation over the channel axis (the first of a sample): BatchNorm1d for [C] or [C, L], BatchNorm2d for [C, H, W]. */
    record BatchNorm(String name, Double eps, Double momentum, Boolean affine) implements LayerSpec {
    }

    /** Layer normalisation over the last axis. */
    record LayerNorm(String name, Double eps, Boolean elementwiseAffine) implements LayerSpec {
    }

    /** Token ids [T] → vectors [T, D]; with a padding index, padded steps are masked for the layers after. */
    record Embedding(String name, @JsonProperty(required = true) int numEmbeddings, @JsonProperty(required = true) int embeddingDim,
                     Integer paddingIdx, InitSpec weightInit) implements LayerSpec {
    }

    /** rnn, lstm or gru over [T, C]: the whole sequence, or the state at each sequence's last real step. */
    @JsonIgnoreProperties({})
    record Recurrent(String name, String type,
                     @JsonProperty(required = true) int hiddenSize, Integer numLayers, Boolean bidirectional,
                     Double dropout, Boolean returnSequences, Boolean bias, String nonlinearity) implements LayerSpec {
    }

    record MultiheadAttention(String name, @JsonProperty(required = true) int numHeads, Double dropout, Boolean bias)
            implements LayerSpec {
    }

    record TransformerEncoder(String name, @JsonProperty(required = true) int numHeads, @JsonProperty(required = true) int dimFeedforward,
                              Double dropout, String activation, Boolean normFirst, Double layerNormEps) implements LayerSpec {
    }

    /**
     * A BERT encoder over token ids; {@code config} has the fields of a Hugging Face config.json,
     * {@code config_file} reads one instead. {@code pooling}: cls, mean, pooler or none.
     */
    record Bert(String name, BertConfigSpec config, String configFile, String pooling) implements LayerSpec {
    }
}
