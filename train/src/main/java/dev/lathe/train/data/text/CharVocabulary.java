package dev.lathe.train.data.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One token per character (Unicode code point), as BERT's Chinese tokenizer gives each CJK
 * character its own token. Whitespace and control characters are dropped, as BERT's basic
 * tokenizer drops them. The vocabulary holds N tokens: 0 [PAD], 1 [UNK], 2 [CLS], 3 [SEP] (so
 * BERT-style sequences can be built), then the N−4 most frequent training characters, ties broken
 * by first appearance; any other character encodes as [UNK].
 */
public final class CharVocabulary extends VocabularyTokenizer {

    public static final int UNK_ID = 1;
    private static final List<String> SPECIALS = List.of(PAD, UNK, CLS, SEP);


    private CharVocabulary(Vocabulary vocabulary) {
        super(vocabulary);
    }

    /** The vocabulary of at most {@code size} tokens (specials included) for {@code texts}. */
    public static CharVocabulary build(List<String> texts, int size) {
        if (size <= SPECIALS.size()) {
            throw new IllegalArgumentException("a character vocabulary of size " + size + " has no room for a character next to "
                    + SPECIALS);
        }
        Counts counts = new Counts();
        for (String text : texts) {
            characters(text).forEach(counts::add);
        }
        List<String> tokens = new ArrayList<>(SPECIALS);
        tokens.addAll(counts.top(size - SPECIALS.size()));
        return new CharVocabulary(Vocabulary.of(tokens));
    }

    /** A vocabulary saved by {@link #save}. */
    public static CharVocabulary load(Path file) {
        Vocabulary vocabulary = Vocabulary.read(file, List.of());
        vocabulary.requirePrefix(SPECIALS, file);
        return new CharVocabulary(vocabulary);
    }

    /** The characters of {@code text} that become tokens, each as a string of one code point. */
    public static List<String> characters(String text) {
        List<String> out = new ArrayList<>();
        text.codePoints()
                .filter(c -> !BasicTokenizer.isWhitespace(c) && !Character.isWhitespace(c) && !BasicTokenizer.isControl(c))
                .forEach(c -> out.add(Character.toString(c)));
        return out;
    }

    @Override
    public int[] encode(String text) {
        return characters(text).stream().mapToInt(c -> vocabulary.id(c, UNK_ID)).toArray();
    }
}
