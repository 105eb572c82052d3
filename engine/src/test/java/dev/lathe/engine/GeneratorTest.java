package dev.lathe.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.cpu.Parallel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Seeded random tensors: one seed reproduces them exactly, and the draws have the right
 * distribution. Statistical bounds are about 6 standard errors, and the seeds are fixed, so the
 * tests are deterministic.
 */
class GeneratorTest {

    private static final int N = 100_000;

    @Test
    void theSameSeedGivesIdenticalTensors() {
        for (DType dtype : new DType[] {DType.F32, DType.F64}) {
            double[][] first = draws(dtype, 42);
            double[][] second = draws(dtype, 42);
            double[][] other = draws(dtype, 43);
            for (int k = 0; k < first.length; k++) {
                assertArrayEquals(first[k], second[k], dtype + " draw " + k);
                assertFalse(Arrays.equals(first[k], other[k]), dtype + " draw " + k + " should change with the seed");
            }
        }
    }

    private static double[][] draws(DType dtype, long seed) {
        Generator g = new Generator(seed);
        return new double[][] {
                Tensors.uniform(-1, 1, dtype, Device.CPU, g, 50, 20).toDoubleArray(),
                Tensors.normal(0, 1, dtype, Device.CPU, g, 1001).toDoubleArray(),
                Tensors.bernoulli(0.3, dtype, Device.CPU, g, 7, 11).toDoubleArray(),
        };
    }

    @Test
    void bulkDrawsContinueTheStreamOfSingleDraws() {
        // 2500 elements span several chunks of the CPU fill, the last one partial
        int n = 2500;
        Generator bulk = new Generator(9);
        Generator single = new Generator(9);
        double[] uniform = Tensors.uniform(0, 1, DType.F64, Device.CPU, bulk, n).toDoubleArray();
        double[] normal = Tensors.normal(0, 1, DType.F64, Device.CPU, bulk, n).toDoubleArray();
        double[] keep = Tensors.bernoulli(0.25, DType.F64, Device.CPU, bulk, n).toDoubleArray();
        for (int i = 0; i < n; i++) {
            assertEquals(single.nextDouble(), uniform[i], 0.0, "uniform " + i);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(single.nextGaussian(), normal[i], 0.0, "normal " + i);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(single.nextDouble() < 0.25 ? 1.0 : 0.0, keep[i], 0.0, "bernoulli " + i);
        }
        assertEquals(single.nextLong(), bulk.nextLong(), "both streams end at the same place");
    }

    @Test
    void drawsDoNotDependOnTheThreadCount() {
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            double[] one = Tensors.normal(0, 1, DType.F32, Device.CPU, new Generator(7), N).toDoubleArray();
            Parallel.setThreads(2);
            double[] two = Tensors.normal(0, 1, DType.F32, Device.CPU, new Generator(7), N).toDoubleArray();
            assertArrayEquals(one, two);
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void normalHasTheRequestedMeanAndStandardDeviation() {
        double[] v = Tensors.normal(0, 1, DType.F64, Device.CPU, new Generator(1), N).toDoubleArray();
        double[] m = moments(v);
        // standard error of the mean 1/sqrt(N) = 0.0032; of the std about 0.0022
        assertEquals(0, m[0], 0.02, "mean");
        assertEquals(1, m[1], 0.015, "std");
        long within1 = Arrays.stream(v).filter(x -> Math.abs(x) < 1).count();
        assertEquals(0.6827, within1 / (double) N, 0.01, "fraction within one sigma");
        double[] shifted = moments(Tensors.normal(3, 0.5, DType.F32, Device.CPU, new Generator(2), N).toDoubleArray());
        assertEquals(3, shifted[0], 0.01, "mean of N(3, 0.5)");
        assertEquals(0.5, shifted[1], 0.008, "std of N(3, 0.5)");
    }

    @Test
    void uniformStaysInItsRangeWithTheRightMean() {
        double[] v = Tensors.uniform(-2, 3, DType.F64, Device.CPU, new Generator(3), N).toDoubleArray();
        assertTrue(Arrays.stream(v).allMatch(x -> x >= -2 && x < 3));
        double[] m = moments(v);
        assertEquals(0.5, m[0], 0.03, "mean"); // std 5/sqrt(12) = 1.44, standard error 0.0046
        assertEquals(5 / Math.sqrt(12), m[1], 0.02, "std");
    }

    @Test
    void bernoulliGivesZerosAndOnesWithTheRequestedProbability() {
        double[] v = Tensors.bernoulli(0.3, DType.F32, Device.CPU, new Generator(4), N).toDoubleArray();
        assertTrue(Arrays.stream(v).allMatch(x -> x == 0 || x == 1));
        assertEquals(0.3, Arrays.stream(v).sum() / N, 0.01); // standard error 0.0014
        assertTrue(Arrays.stream(Tensors.bernoulli(0, DType.F64, Device.CPU, new Generator(5), 1000).toDoubleArray()).allMatch(x -> x == 0));
        assertTrue(Arrays.stream(Tensors.bernoulli(1, DType.F64, Device.CPU, new Generator(5), 1000).toDoubleArray()).allMatch(x -> x == 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensors.bernoulli(1.5, DType.F32, Device.CPU, new Generator(6), 3));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    }

    @Test
    void manualSeedResetsTheGlobalGenerator() {
        Generator.manualSeed(99);
        double[] a = Tensors.randn(100).toDoubleArray();
        Generator.manualSeed(99);
        double[] b = Tensors.randn(100).toDoubleArray();
        assertArrayEquals(a, b);
    }

    /** Mean and (population) standard deviation. */
    private static double[] moments(double[] v) {
        double mean = Arrays.stream(v).sum() / v.length;
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean);
        }
        return new double[] {mean, Math.sqrt(var / v.length)};
    }
}
