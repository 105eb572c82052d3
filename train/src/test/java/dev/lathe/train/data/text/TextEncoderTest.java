package dev.lathe.train.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lathe.engine.Device;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.MemoryScope;
import dev.lathe.train.data.ArrayDataset;
import dev.lathe.train.data.Batch;
import dev.lathe.train.data.TextCorpus;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextEncoderTest {

    // ids: [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3, a 4, b 5, c 6
    private static final CharVocabulary CHARS = CharVocabulary.build(List.of("aabbc"), 10);

    @Test
    void truncatesAndRightPadsPlainSequences() {
        WordVocabulary words = WordVocabulary.build(List.of("the the the cat cat dog"), 5); // the 2, cat 3, dog 4
        TokenRows rows = new TextEncoder(words, 4, false).encode(List.of("the cat sat the dog", "dog"), null);
        assertArrayEquals(new int[] {2, 3, 1, 2, 4, 0, 0, 0}, rows.ids());
        assertNull(rows.segments());
        assertEquals(2, rows.count());
    }

    @Test
    void wrapsSingleTextsInClsAndSep() {
        TokenRows rows = new TextEncoder(CHARS, 6, true).encode(List.of("abcab", "c"), null);
        assertArrayEquals(new int[] {2, 4, 5, 6, 4, 3, /* */ 2, 6, 3, 0, 0, 0}, rows.ids());
        assertNull(rows.segments());
    }

    @Test
    void pairsGetSegmentOneAndShortenTheLongerText() {
        TextEncoder encoder = new TextEncoder(CHARS, 8, true);
        // 5 + 2 tokens for a budget of 8 - 3 = 5: the first text loses two
        TokenRows cut = encoder.encode(List.of("abcab"), List.of("ba"));
        assertArrayEquals(new int[] {2, 4, 5, 6, 3, 5, 4, 3}, cut.ids());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1, 1, 1}, cut.segments());
        TokenRows padded = encoder.encode(List.of("a"), List.of("b"));
        assertArrayEquals(new int[] {2, 4, 3, 5, 3, 0, 0, 0}, padded.ids());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 0, 0, 0}, padded.segments());
        // equal lengths: the pair gives up the token, as BERT's _truncate_seq_pair does
        TokenRows tie = new TextEncoder(CHARS, 6, true).encode(List.of("ab"), List.of("ba"));
        assertArrayEquals(new int[] {2, 4, 5, 3, 5, 3}, tie.ids());
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1}, tie.segments());
    }

    @Test
    void corpusBecomesATokenDatasetWithMaskAndSegments() {
        TextCorpus corpus = new TextCorpus(List.of("ab", "c"), List.of("c", "a"), new int[] {1, 0}, List.of("no", "yes"));
        ArrayDataset data = new TextEncoder(CHARS, 7, true).encode(corpus);
        assertArrayEquals(new int[] {7}, data.sampleShape());
        assertEquals(List.of("no", "yes"), data.classNames());
        try (MemoryScope scope = MemoryScope.open()) {
            Batch batch = data.batch(new int[] {0, 1}, Device.CPU, false);
            assertArrayEquals(new int[] {2, 4, 5, 3, 6, 3, 0, /* */ 2, 6, 3, 4, 3, 0, 0}, batch.inputs().toIntArray());
            assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 0, /* */ 1, 1, 1, 1, 1, 0, 0}, batch.mask().toFloatArray());
            assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 0, /* */ 0, 0, 0, 1, 1, 0, 0}, batch.segments().toIntArray());
            assertArrayEquals(new int[] {1, 0}, batch.targets().toIntArray());
        }
    }

    @Test
    void rejectsImpossibleSettings() {
        WordVocabulary words = WordVocabulary.build(List.of("x"), 3);
        assertThrows(IllegalArgumentException.class, () -> new TextEncoder(words, 8, true));
        assertThrows(IllegalArgumentException.class, () -> new TextEncoder(CHARS, 2, true));
        assertThrows(InvalidInputException.class, () -> new TextEncoder(words, 8, false).encode(List.of("x"), List.of("y")));
    }
}
