package dev.lathe.train.data.text;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/** What every tokenizer over a fixed {@link Vocabulary} shares: the lookups and saving it as a vocab.txt. */
abstract class VocabularyTokenizer implements Tokenizer {

    final Vocabulary vocabulary;

    VocabularyTokenizer(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    @Override
    public List<String> tokens() {
        return vocabulary.tokens();
    }

    @Override
    public OptionalInt id(String token) {
        return vocabulary.id(token);
    }

    @Override
    public void save(Path file) {
        vocabulary.write(file);
    }
}
