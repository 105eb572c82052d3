package dev.lathe.train.recipes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.train.data.Splits;
import dev.lathe.train.data.TextCorpus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {

    /** 50 of class 0, 30 of class 1, 7 of class 2, interleaved. */
    private static int[] labels() {
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            labels.add(0);
            if (i < 30) {
                labels.add(1);
            }
            if (i < 7) {
                labels.add(2);
            }
        }
        return labels.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] counts(int[] labels, int[] indices) {
        int[] counts = new int[3];
        for (int i : indices) {
            counts[labels[i]]++;
        }
        return counts;
    }

    @Test
    void eachClassGivesItsRoundedShareToTheTestPart() {
        int[] labels = labels();
        Splits<int[]> split = StratifiedSplit.indices(labels, 3, 0.2, 0);
        // round(50 · 0.2) = 10, round(30 · 0.2) = 6, round(7 · 0.2) = round(1.4) = 1
        assertArrayEquals(new int[] {10, 6, 1}, counts(labels, split.test()));
        assertArrayEquals(new int[] {40, 24, 6}, counts(labels, split.train()));
        int[] all = new int[labels.length];
        for (int i : split.train()) {
            all[i]++;
        }
        for (int i : split.test()) {
            all[i]++;
        }
        for (int seen : all) {
            assertEquals(1, seen, "every sample in exactly one part");
        }
    }

    @Test
    void theSeedFixesTheSplit() {
        int[] labels = labels();
        Splits<int[]> a = StratifiedSplit.indices(labels, 3, 0.2, 7);
        Splits<int[]> b = StratifiedSplit.indices(labels, 3, 0.2, 7);
        Splits<int[]> c = StratifiedSplit.indices(labels, 3, 0.2, 8);
        assertArrayEquals(a.train(), b.train());
        assertArrayEquals(a.test(), b.test());
        assertFalse(Arrays.equals(a.test(), c.test()));
    }

    @Test
    void thePartsAreNotOrderedByClass() {
        int[] labels = new int[100];
        Arrays.fill(labels, 50, 100, 1);
        int[] train = StratifiedSplit.indices(labels, 2, 0.2, 0).train();
        int[] lastTwenty = Arrays.copyOfRange(train, train.length - 20, train.length);
        int[] counts = new int[2];
        for (int i : lastTwenty) {
            counts[labels[i]]++;
        }
        assertTrue(counts[0] > 0 && counts[1] > 0, "a validation split cut off the end holds both classes");
    }

    @Test
    void sampleCapsEachClass() {
        int[] labels = labels();
        int[] kept = StratifiedSplit.sample(labels, 3, 20, 1);
        assertArrayEquals(new int[] {20, 20, 7}, counts(labels, kept));
        for (int i = 1; i < kept.length; i++) {
            assertTrue(kept[i] > kept[i - 1], "ascending and distinct");
        }
        assertArrayEquals(kept, StratifiedSplit.sample(labels, 3, 20, 1));
        assertFalse(Arrays.equals(kept, StratifiedSplit.sample(labels, 3, 20, 2)));
    }

    @Test
    void anEmptyPartIsAnError() {
        int[] labels = {0, 0, 1, 1};
        assertTrue(assertThrows(InvalidInputException.class, () -> StratifiedSplit.indices(labels, 2, 0.1, 0))
                .getMessage().contains("leaves the test part of 4 samples empty"));
        assertTrue(assertThrows(InvalidInputException.class, () -> StratifiedSplit.indices(labels, 2, 0.9, 0))
                .getMessage().contains("leaves the training part"));
    }

    @Test
    void corporaKeepTextsWithTheirLabels() {
        List<String> texts = new ArrayList<>();
        int[] labels = labels();
        for (int i = 0; i < labels.length; i++) {
            texts.add("text " + i);
        }
        TextCorpus corpus = new TextCorpus(texts, null, labels, List.of("a", "b", "c"));
        Splits<TextCorpus> split = StratifiedSplit.split(corpus, 0.2, 3);
        Splits<int[]> indices = StratifiedSplit.indices(labels, 3, 0.2, 3);
        assertEquals(indices.test().length, split.test().size());
        for (int k = 0; k < indices.test().length; k++) {
            assertEquals("text " + indices.test()[k], split.test().texts().get(k));
            assertEquals(labels[indices.test()[k]], split.test().labels()[k]);
        }
        assertEquals(List.of("a", "b", "c"), split.train().classNames());
    }
}
