package dev.lathe.train.recipes;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.train.data.Splits;
import dev.lathe.train.data.TextCorpus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded, per-class selection of samples. java.util.Random is used because its sequence is fixed
 * by the Java specification, so a seed gives the same split on every JVM.
 */
public final class StratifiedSplit {

    private StratifiedSplit() {
    }

    /**
     * Training and test indices: each class's samples are shuffled with the seed and the first
     * round(n_c · testFraction) of them go to the test part; both parts are then shuffled, so that
     * neither is ordered by class (a validation split cut off the end stays mixed).
     */
    public static Splits<int[]> indices(int[] labels, int classes, double testFraction, long seed) {
        Random random = new Random(seed);
        int[][] members = byClass(labels, classes);
        List<int[]> train = new ArrayList<>();
        List<int[]> test = new ArrayList<>();
        for (int[] member : members) {
            shuffle(member, random);
            int cut = (int) Math.round(member.length * testFraction);
            test.add(Arrays.copyOfRange(member, 0, cut));
            train.add(Arrays.copyOfRange(member, cut, member.length));
        }
        int[] trainIndices = concat(train);
        int[] testIndices = concat(test);
        if (trainIndices.length == 0 || testIndices.length == 0) {
            throw new InvalidInputException("a test fraction of " + testFraction + " leaves the "
                    + (trainIndices.length == 0 ? "training" : "test") + " part of " + labels.length + " samples empty");
        }
        shuffle(trainIndices, random);
        shuffle(testIndices, random);
        return new Splits<>(trainIndices, testIndices);
    }

    /** At most {@code perClass} samples of each class, drawn with the seed; ascending indices. */
    public static int[] sample(int[] labels, int classes, int perClass, long seed) {
        Random random = new Random(seed);
        List<int[]> kept = new ArrayList<>();
        for (int[] member : byClass(labels, classes)) {
            shuffle(member, random);
            kept.add(Arrays.copyOf(member, Math.min(perClass, member.length)));
        }
        int[] indices = concat(kept);
        Arrays.sort(indices);
        return indices;
    }

    /** The corpus cut into a stratified training and test part, as {@link #indices}. */
    public static Splits<TextCorpus> split(TextCorpus corpus, double testFraction, long seed) {
        Splits<int[]> parts = indices(corpus.labels(), corpus.classNames().size(), testFraction, seed);
        return new Splits<>(subset(corpus, parts.train()), subset(corpus, parts.test()));
    }

    /** The texts at {@code indices}, in that order. */
    public static TextCorpus subset(TextCorpus corpus, int[] indices) {
        List<String> texts = new ArrayList<>(indices.length);
        List<String> pairs = corpus.pairs() == null ? null : new ArrayList<>(indices.length);
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            texts.add(corpus.texts().get(indices[i]));
            if (pairs != null) {
                pairs.add(corpus.pairs().get(indices[i]));
            }
            labels[i] = corpus.labels()[indices[i]];
        }
        return new TextCorpus(texts, pairs, labels, corpus.classNames());
    }

    private static int[][] byClass(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        int[][] members = new int[classes][];
        for (int c = 0; c < classes; c++) {
            members[c] = new int[counts[c]];
            counts[c] = 0;
        }
        for (int i = 0; i < labels.length; i++) {
            members[labels[i]][counts[labels[i]]++] = i;
        }
        return members;
    }

    /** Fisher–Yates. */
    private static void shuffle(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    private static int[] concat(List<int[]> parts) {
        return parts.stream().flatMapToInt(Arrays::stream).toArray();
    }
}
