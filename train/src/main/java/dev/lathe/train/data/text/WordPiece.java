package dev.lathe.train.data.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * BERT's tokenizer over a vocab.txt: {@link BasicTokenizer}, then WordPiece on each word — the
 * longest vocabulary entry that starts the word, then the longest {@code ##}-prefixed entry that
 * continues it, and so on; a word with no such split, or longer than 100 characters, is [UNK].
 * The vocabulary must hold [PAD] (as id 0), [UNK], [CLS] and [SEP].
 */
public final class WordPiece extends VocabularyTokenizer {

    public static final int MAX_WORD_CHARS = 100;

    private final BasicTokenizer basic;
    private final int unkId;

    private WordPiece(Vocabulary vocabulary, boolean lowercase) {
        super(vocabulary);
        this.basic = new BasicTokenizer(lowercase);
        this.unkId = vocabulary.id(UNK).orElseThrow();
    }

    /** {@code lowercase} as the checkpoint's do_lower_case (true for *-uncased, false for bert-base-chinese). */
    public static WordPiece load(Path vocabTxt, boolean lowercase) {
        Vocabulary vocabulary = Vocabulary.read(vocabTxt, List.of(PAD, UNK, CLS, SEP));
        vocabulary.requirePrefix(List.of(PAD), vocabTxt);
        return new WordPiece(vocabulary, lowercase);
    }

    /** The word pieces of {@code text}, as strings. */
    public List<String> tokenize(String text) {
        List<String> pieces = new ArrayList<>();
        for (String word : basic.tokenize(text)) {
            split(word, pieces);
        }
        return pieces;
    }

    private void split(String word, List<String> pieces) {
        int[] chars = word.codePoints().toArray();
        if (chars.length > MAX_WORD_CHARS) {
            pieces.add(UNK);
            return;
        }
        List<String> found = new ArrayList<>();
        int start = 0;
        while (start < chars.length) {
            String match = null;
            for (int end = chars.length; end > start; end--) {
                String candidate = (start > 0 ? "##" : "") + new String(chars, start, end - start);
                if (vocabulary.id(candidate).isPresent()) {
                    match = candidate;
                    start = end;
                    break;
                }
            }
            if (match == null) {
                pieces.add(UNK);
                return;
            }
            found.add(match);
        }
        pieces.addAll(found);
    }

    @Override
    public int[] encode(String text) {
        return tokenize(text).stream().mapToInt(piece -> vocabulary.id(piece, unkId)).toArray();
    }
}
