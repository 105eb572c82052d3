package dev.lathe.train.data;

import dev.lathe.engine.InvalidInputException;
import java.util.List;

/**
 * Labelled texts before tokenisation, as text recipes and TSV/JSONL readers produce them. An
 * optional second text per sample (a sentence pair) becomes BERT's segment 1.
 */
public record TextCorpus(List<String> texts, List<String> pairs, int[] labels, List<String> classNames) {

    public TextCorpus {
        texts = List.copyOf(texts);
        pairs = pairs == null ? null : List.copyOf(pairs);
        classNames = List.copyOf(classNames);
        if (texts.isEmpty()) {
            throw new InvalidInputException("the text dataset is empty");
        }
        if (labels.length != texts.size() || (pairs != null && pairs.size() != texts.size())) {
            throw new IllegalArgumentException(texts.size() + " texts need as many labels (and pairs), got " + labels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new InvalidInputException("label " + labels[i] + " of text " + i + " is out of range for " + classNames.size() + " classes");
            }
        }
    }

    public int size() {
        return texts.size();
    }
}
