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

class VocabularyBuildersTest {

    @TempDir
    Path dir;

    // words: the cat sat | the dog the cat | don't stop the dog
    // counts in order of first appearance: the 4, cat 2, sat 1, dog 2, don't 1, stop 1
    private static final List<String> TEXTS = List.of("The cat sat.", "the dog, the cat!", "Don't stop-the DOG");

    @Test
    void wordVocabularyKeepsTheMostFrequentWordsTiesByFirstAppearance() {
        WordVocabulary full = WordVocabulary.build(TEXTS, 100);
        assertEquals(List.of("[PAD]", "[OOV]", "the", "cat", "dog", "sat", "don't", "stop"), full.tokens());
        WordVocabulary five = WordVocabulary.build(TEXTS, 5);
        assertEquals(List.of("[PAD]", "[OOV]", "the", "cat", "dog"), five.tokens());
        assertArrayEquals(new int[] {2, 1, 1, 1, 2, 4}, five.encode("The bird sat on the DOG"));
        assertArrayEquals(new int[0], five.encode(" ... "));
    }

    @Test
    void wordsSplitOnKerasFiltersAndWhitespaceOnly() {
        assertEquals(List.of("it's", "a", "rock'n'roll—fine", "day", "x", "y"), WordVocabulary.words("It's a rock'n'roll—fine\tday\r\nx_y"));
        assertEquals(List.of("élan", "über"), WordVocabulary.words("Élan@ÜBER"));
    }

    @Test
    void charVocabularyCountsCodePointsAndSkipsWhitespace() {
        // characters: a b c a | b a 😀 → a 3, b 2, c 1, 😀 1
        List<String> texts = List.of("abca", "b a\n😀");
        CharVocabulary six = CharVocabulary.build(texts, 6);
        assertEquals(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "a", "b"), six.tokens());
        assertArrayEquals(new int[] {1, 4, 5, 1}, six.encode("cab d"));
        CharVocabulary all = CharVocabulary.build(texts, 10);
        assertEquals(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "a", "b", "c", "😀"), all.tokens());
        assertArrayEquals(new int[] {7, 6}, all.encode("😀\u200Bc"));
    }

    @Test
    void savedVocabulariesLoadBack() throws IOException {
        Path words = dir.resolve("words.txt");
        WordVocabulary.build(TEXTS, 6).save(words);
        assertEquals("[PAD]\n[OOV]\nthe\ncat\ndog\nsat\n", Files.readString(words));
        assertArrayEquals(WordVocabulary.build(TEXTS, 6).encode("the sat stop"), WordVocabulary.load(words).encode("the sat stop"));
        Path chars = dir.resolve("chars.txt");
        CharVocabulary.build(List.of("你好你"), 8).save(chars);
        assertEquals(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "你", "好"), CharVocabulary.load(chars).tokens());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CharVocabulary.load(words));
        assertTrue(e.getMessage().startsWith(words + ": the vocabulary must start with [[PAD], [UNK], [CLS], [SEP]]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WordVocabulary.build(TEXTS, 2));
        assertThrows(IllegalArgumentException.class, () -> CharVocabulary.build(TEXTS, 4));
    }
}
