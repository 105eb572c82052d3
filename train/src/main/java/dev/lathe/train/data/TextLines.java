package dev.lathe.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects the samples of a line-based text format and makes the corpus, with the line of each label for errors. */
final class TextLines {

    private final Path file;
    private final List<String> texts = new ArrayList<>();
    private final List<String> pairs = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final List<Integer> lines = new ArrayList<>();

    TextLines(Path file) {
        this.file = file;
    }

    /** {@code pair} is null for a single text. */
    void add(int line, String label, String text, String pair) {
        if (label.isEmpty()) {
            throw DataFiles.invalid(file, line, "the label is empty");
        }
        labels.add(label);
        texts.add(text);
        if (pair != null) {
            pairs.add(pair);
        }
        lines.add(line);
    }

    TextCorpus corpus(List<String> classNames) {
        if (texts.isEmpty()) {
            throw DataFiles.invalid(file, "the dataset is empty");
        }
        LabelIndex.Indexed indexed = LabelIndex.index(labels, lines, classNames, file);
        return new TextCorpus(texts, pairs.isEmpty() ? null : pairs, indexed.labels(), indexed.classNames());
    }
}
