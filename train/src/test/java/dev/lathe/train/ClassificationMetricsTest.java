package dev.lathe.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    @Test
    void accuracyAndMacroAveragesByHand() {
        ClassificationMetrics m = new ClassificationMetrics(3);
        // truth:     0 0 0 1 1 2
        // predicted: 0 0 1 1 2 2
        m.add(new int[] {0, 0, 0, 1, 1, 2}, new int[] {0, 0, 1, 1, 2, 2});
        assertEquals(6, m.count());
        assertEquals(4.0 / 6, m.accuracy(), 1e-12);
        // precision: class 0 2/2, class 1 1/2, class 2 1/2; recall: 2/3, 1/2, 1/1
        assertEquals((1 + 0.5 + 0.5) / 3, m.macroPrecision(), 1e-12);
        assertEquals((2.0 / 3 + 0.5 + 1) / 3, m.macroRecall(), 1e-12);
        double f0 = 2 * 1 * (2.0 / 3) / (1 + 2.0 / 3);
        double f1 = 0.5;
        double f2 = 2 * 0.5 * 1 / 1.5;
        assertEquals((f0 + f1 + f2) / 3, m.macroF1(), 1e-12);
        assertArrayEquals(new long[] {2, 1, 0}, m.confusionMatrix()[0]);
        assertArrayEquals(new long[] {0, 1, 1}, m.confusionMatrix()[1]);
        assertArrayEquals(new long[] {0, 0, 1}, m.confusionMatrix()[2]);
    }

    @Test
    void aClassNeverPredictedHasPrecisionZero() {
        ClassificationMetrics m = new ClassificationMetrics(2);
        m.add(new int[] {0, 1}, new int[] {0, 0});
        assertEquals(0, m.precision(1));
        assertEquals(0.5, m.precision(0), 1e-12);
        assertEquals(0, m.f1(1));
    }
}
