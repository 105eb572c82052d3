package dev.lathe.layers.spec;

/**
 * The fields of a Hugging Face BERT config.json, by their names there; any left out take
 * Hugging Face's defaults (those of bert-base).
 */
public record BertConfigSpec(Integer vocabSize, Integer hiddenSize, Integer numHiddenLayers, Integer numAttentionHeads,
                             Integer intermediateSize, String hiddenAct, Double hiddenDropoutProb,
                             Double attentionProbsDropoutProb, Integer maxPositionEmbeddings, Integer typeVocabSize,
                             Double initializerRange, Double layerNormEps, Integer padTokenId) {
}
