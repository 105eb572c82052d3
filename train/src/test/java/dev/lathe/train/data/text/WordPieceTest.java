package dev.lathe.train.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordPieceTest {

    @TempDir
    Path dir;

    private Path vocab(String... tokens) throws IOException {
        Path file = Files.createTempFile(dir, "vocab", ".txt");
        Files.writeString(file, String.join("\n", tokens) + "\n");
        return file;
    }

    private WordPiece tiny(boolean lowercase) throws IOException {
        return WordPiece.load(vocab("[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "runn", "##ing", ",", "我",
                "a", "##a", "hello", "Hello"), lowercase);
    }

    @Test
    void splitsWordsGreedilyLongestFirst() throws IOException {
        WordPiece wp = tiny(true);
        assertEquals(List.of("un", "##aff", "##able"), wp.tokenize("unaffable"));
        assertArrayEquals(new int[] {4, 5, 6}, wp.encode("unaffable"));
        assertEquals(List.of("runn", "##ing", ","), wp.tokenize("RUNNING,"));
        // "un" starts it but nothing continues "known…": the whole word is unknown
        assertEquals(List.of("[UNK]", "hello"), wp.tokenize("unknown hello"));
        assertArrayEquals(new int[] {1, 13}, wp.encode("unknown hello"));
    }

    @Test
    void wordsOverOneHundredCharactersAreUnknown() throws IOException {
        WordPiece wp = tiny(true);
        assertEquals(100, wp.tokenize("a".repeat(100)).size());
        assertEquals(List.of("[UNK]"), wp.tokenize("a".repeat(101)));
    }

    @Test
    void basicTokenizerSplitsPunctuationCjkAndWhitespace() {
        BasicTokenizer lower = new BasicTokenizer(true);
        assertEquals(List.of("hello", ",", "world", "!"), lower.tokenize("Héllo,  WORLD!"));
        assertEquals(List.of("我", "爱", "abc", "北", "京"), lower.tokenize("我爱ABC北京"));
        // ASCII symbols count as punctuation, other symbols do not; Unicode P* does
        assertEquals(List.of("a", "$", "b", "+", "c", "^", "d€e"), lower.tokenize("a$b+c^d€e"));
        assertEquals(List.of("x", "—", "y", "«", "z", "»"), lower.tokenize("x—y«z»"));
        // NUL, U+FFFD, BEL (Cc) and ZERO WIDTH SPACE (Cf) vanish; NO-BREAK SPACE (Zs) and tabs separate
        assertEquals(List.of("abcd", "e", "f"), lower.tokenize("a\u0000b\uFFFDc\u0007\u200Bd\u00A0e\tf"));
        // CJK extension B (outside the BMP) is split too; kana are not CJK, and lower-casing strips the
        // voiced mark of が (NFD: か + U+3099, a non-spacing mark) as BERT's uncased tokenizer does
        assertEquals(List.of("x", "\uD840\uDC00", "y", "ひらかな"), lower.tokenize("x\uD840\uDC00y ひらがな"));
        assertEquals(List.of("ひらがな"), new BasicTokenizer(false).tokenize("ひらがな"));
        // NFC maps the compatibility ideograph U+F900 to U+8C48; either is split off
        assertEquals(List.of("a", "\u8C48", "b"), lower.tokenize("a\uF900b"));
    }

    @Test
    void lowercasingStripsAccentsAndCasedKeepsThem() {
        assertEquals(List.of("creme", "brulee", "naive"), new BasicTokenizer(true).tokenize("Crème Brûlée NAÏVE"));
        assertEquals(List.of("Crème", "Brûlée"), new BasicTokenizer(false).tokenize("Crème Brûlée"));
        // decomposed input is composed first (NFC), so a cased vocabulary sees "é" as one character
        assertEquals(List.of("\u00e9t\u00e9"), new BasicTokenizer(false).tokenize("e\u0301te\u0301"));
    }

    @Test
    void casedWordPieceKeepsCase() throws IOException {
        assertEquals(List.of("Hello", "[UNK]"), tiny(false).tokenize("Hello HELLO"));
        assertEquals(List.of("hello", "hello"), tiny(true).tokenize("Hello HELLO"));
    }

    @Test
    void vocabularyMistakesAreErrorsNamingTheFile() throws IOException {
        Path duplicate = vocab("[PAD]", "[UNK]", "[CLS]", "[SEP]", "cat", "dog", "cat");
        assertError(duplicate, "token 'cat' appears on line 5 and again on line 7");
        assertError(vocab("[PAD]", "[CLS]", "[SEP]", "cat"), "the vocabulary has no [UNK] token");
        assertError(vocab("[UNK]", "[PAD]", "[CLS]", "[SEP]"), "the vocabulary must start with [[PAD]]");
        assertError(vocab(), "the vocabulary has no [PAD] token");
        Path empty = Files.createTempFile(dir, "empty", ".txt");
        assertError(empty, "the vocabulary is empty");
    }

    @Test
    void savedVocabularyLoadsBackIdentically() throws IOException {
        WordPiece wp = tiny(true);
        Path copy = dir.resolve("copy.txt");
        wp.save(copy);
        assertEquals(wp.tokens(), WordPiece.load(copy, true).tokens());
        assertEquals(15, wp.vocabSize());
        assertEquals(2, wp.id("[CLS]").getAsInt());
    }

    private static void assertError(Path file, String part) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> WordPiece.load(file, true));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(part), e.getMessage());
    }
}
