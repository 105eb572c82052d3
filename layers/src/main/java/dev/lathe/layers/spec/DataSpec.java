package dev.lathe.layers.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The data a spec trains on: a dataset recipe (fashion-mnist, mr-polarity, wordnet-nouns,
 * fortunes-zh, synthetic-regression) or a generic format (idx, npy, csv, tsv, jsonl) with its
 * files (features and, for idx and npy, a separate labels file), and how samples become tensors.
 */
public record DataSpec(
        @JsonProperty(required = true) String dataset,
        String train,
        String trainLabels,
        String test,
        String testLabels,
        String validation,
        int[] classes,
        Double scale,
        Integer samples,
        Integer vocabSize,
        Integer maxLength,
        String tokenizer,
        String vocab,
        Boolean lowercase,
        Integer topClasses,
        Integer perClass,
        Double testFraction,
        Long splitSeed,
        String textColumn,
        String labelColumn) {
}
