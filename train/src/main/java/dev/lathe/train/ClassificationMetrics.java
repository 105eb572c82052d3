package dev.lathe.train;

import java.util.Arrays;

/**
 * Counts of (true class, predicted class) pairs, and what follows from them: accuracy and the
 * macro averages of precision, recall and F1 (each class weighs the same; a class never predicted
 * has precision 0, as scikit-learn reports with zero_division=0).
 */
public final class ClassificationMetrics {

    private final long[][] confusion;

    public ClassificationMetrics(int classes) {
        this.confusion = new long[classes][classes];
    }

    public void add(int[] truth, int[] predicted) {
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][predicted[i]]++;
        }
    }

    public long count() {
        long total = 0;
        for (long[] row : confusion) {
            for (long v : row) {
                total += v;
            }
        }
        return total;
    }

    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < confusion.length; c++) {
            correct += confusion[c][c];
        }
        long total = count();
        return total == 0 ? 0 : (double) correct / total;
    }

    public double precision(int c) {
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[c];
        }
        return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
    }

    public double recall(int c) {
        long actual = Arrays.stream(confusion[c]).sum();
        return actual == 0 ? 0 : (double) confusion[c][c] / actual;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double macroPrecision() {
        return macro(this::precision);
    }

    public double macroRecall() {
        return macro(this::recall);
    }

    public double macroF1() {
        return macro(this::f1);
    }

    private double macro(java.util.function.IntToDoubleFunction perClass) {
        double sum = 0;
        for (int c = 0; c < confusion.length; c++) {
            sum += perClass.applyAsDouble(c);
        }
        return sum / confusion.length;
    }

    /** Rows are true classes, columns predicted ones (a copy). */
    public long[][] confusionMatrix() {
        long[][] out = new long[confusion.length][];
        for (int c = 0; c < confusion.length; c++) {
            out[c] = confusion[c].clone();
        }
        return out;
    }
}
