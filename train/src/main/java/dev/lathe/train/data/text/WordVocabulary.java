package dev.lathe.train.data.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Words as Keras's {@code Tokenizer(num_words=N, oov_token=…)} makes them: the text lower-cased,
 * the characters of Keras's default filters {@code !"#$%&()*+,-./:;<=>?@[\]^_`{|}~} and any
 * whitespace taken as separators (so apostrophes and non-ASCII letters stay inside words). The
 * vocabulary holds N tokens: 0 [PAD], 1 [OOV], then the N−2 most frequent training words, ties
 * broken by first appearance; any other word encodes as [OOV].
 */
public final class WordVocabulary extends VocabularyTokenizer {

    public static final String OOV = "[OOV]";
    public static final int OOV_ID = 1;

    private static final String FILTERS = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~";


    private WordVocabulary(Vocabulary vocabulary) {
        super(vocabulary);
    }

    /** The vocabulary of at most {@code size} tokens (specials included) for {@code texts}. */
    public static WordVocabulary build(List<String> texts, int size) {
        if (size < 3) {
            throw new IllegalArgumentException("a word vocabulary of size " + size + " has no room for a word next to [PAD] and [OOV]");
        }
        Counts counts = new Counts();
        for (String text : texts) {
            words(text).forEach(counts::add);
        }
        List<String> tokens = new ArrayList<>(List.of(PAD, OOV));
        tokens.addAll(counts.top(size - 2));
        return new WordVocabulary(Vocabulary.of(tokens));
    }

    /** A vocabulary saved by {@link #save}. */
    public static WordVocabulary load(Path file) {
        Vocabulary vocabulary = Vocabulary.read(file, List.of());
        vocabulary.requirePrefix(List.of(PAD, OOV), file);
        return new WordVocabulary(vocabulary);
    }

    /** The words of {@code text}, lower-cased, in order. */
    public static List<String> words(String text) {
        return Separators.split(text.toLowerCase(Locale.ROOT),
                c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || (c < 128 && FILTERS.indexOf(c) >= 0));
    }

    @Override
    public int[] encode(String text) {
        return words(text).stream().mapToInt(w -> vocabulary.id(w, OOV_ID)).toArray();
    }
}
