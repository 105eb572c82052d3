package dev.lathe.layers.bert;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.layers.attention.FeedForwardActivation;

/**
 * The architecture fields of a Hugging Face BERT {@code config.json}, in the same order and meaning
 * (snake_case there, camelCase here: {@code vocab_size} → {@link #vocabSize}, …). {@link #defaults()}
 * gives Hugging Face's BertConfig defaults, which are bert-base's sizes. A config usually comes
 * from a user's file, so an inconsistent one is an {@link InvalidInputException}.
 */
public record BertConfig(
        int vocabSize,
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int intermediateSize,
        String hiddenAct,
        double hiddenDropoutProb,
        double attentionProbsDropoutProb,
        int maxPositionEmbeddings,
        int typeVocabSize,
        double initializerRange,
        double layerNormEps,
        int padTokenId) {

    public BertConfig {
        String where = "BertConfig";
        positive(where, "vocab_size", vocabSize);
        positive(where, "hidden_size", hiddenSize);
        positive(where, "num_hidden_layers", numHiddenLayers);
        positive(where, "num_attention_heads", numAttentionHeads);
        positive(where, "intermediate_size", intermediateSize);
        positive(where, "max_position_embeddings", maxPositionEmbeddings);
        positive(where, "type_vocab_size", typeVocabSize);
        if (hiddenSize % numAttentionHeads != 0) {
            throw new InvalidInputException(where + ": hidden_size " + hiddenSize + " is not a multiple of num_attention_heads "
                    + numAttentionHeads);
        }
        try {
            FeedForwardActivation.named(hiddenAct);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(where + ": hidden_act: " + e.getMessage(), e);
        }
        probability(where, "hidden_dropout_prob", hiddenDropoutProb);
        probability(where, "attention_probs_dropout_prob", attentionProbsDropoutProb);
        if (!(initializerRange > 0) || !(layerNormEps > 0)) {
            throw new InvalidInputException(where + ": initializer_range and layer_norm_eps must be positive, got "
                    + initializerRange + " and " + layerNormEps);
        }
        if (padTokenId < 0 || padTokenId >= vocabSize) {
            throw new InvalidInputException(where + ": pad_token_id " + padTokenId + " is outside the vocabulary of " + vocabSize);
        }
    }

    /** Hugging Face's defaults (bert-base-uncased's architecture). */
    public static BertConfig defaults() {
        return new BertConfig(30522, 768, 12, 12, 3072, "gelu", 0.1, 0.1, 512, 2, 0.02, 1e-12, 0);
    }

    public FeedForwardActivation activation() {
        return FeedForwardActivation.named(hiddenAct);
    }

    /** Size of one attention head. */
    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    private static void positive(String where, String field, int value) {
        if (value < 1) {
            throw new InvalidInputException(where + ": " + field + " must be positive, got " + value);
        }
    }

    private static void probability(String where, String field, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new InvalidInputException(where + ": " + field + " must lie in [0, 1), got " + value);
        }
    }
}
