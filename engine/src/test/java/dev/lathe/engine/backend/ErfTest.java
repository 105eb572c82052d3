package dev.lathe.engine.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.TestTensors;
import org.junit.jupiter.api.Test;

/** erf against reference values computed independently (mpmath at 30 digits) and an all-positive series. */
class ErfTest {

    /** {x, erf(x)} from mpmath.erf with mp.dps = 30, rounded to 17 significant digits. */
    private static final double[][] REFERENCE = {
            {0.001, 0.0011283787909692364},
            {0.1, 0.1124629160182848922},
            {0.5, 0.5204998778130465377},
            {1.0, 0.8427007929497148693},
            {1.5, 0.9661051464753107271},
            {2.0, 0.9953222650189527342},
            {2.3, 0.9988568234026433485},
            {2.4999, 0.9995928300996665491},
            {2.5, 0.9995930479825550411},
            {2.7, 0.9998656672600594757},
            {3.0, 0.9999779095030014146},
            {3.5, 0.9999992569016276586},
            {4.0, 0.9999999845827420997},
            {5.0, 0.9999999999984625402},
            {5.9, 0.9999999999999999281},
    };

    /** {x, erfc(x)} from mpmath: 1 - erf(x) is only as good as erf's absolute error, so this checks that. */
    private static final double[][] COMPLEMENT = {
            {2.5, 4.0695201744495893956e-4},
            {3.0, 2.2090496998585441373e-5},
            {4.0, 1.5417257900280018852e-8},
    };

    @Test
    void matchesReferenceValuesInBothRanges() {
        // Taylor series below 2.5, continued fraction of erfc from 2.5 to 6
        for (double[] r : REFERENCE) {
            double got = Erf.erf(r[0]);
            assertTrue(Math.abs(got - r[1]) <= 1e-13 * Math.abs(r[1]),
                    "erf(" + r[0] + ") = " + got + ", expected " + r[1] + ", relative error " + Math.abs(got - r[1]) / r[1]);
            assertEquals(-got, Erf.erf(-r[0]), 0.0, "erf is odd at " + r[0]);
        }
    }

    @Test
    void theComplementIsAccurateWhereErfIsNearOne() {
        for (double[] r : COMPLEMENT) {
            double erfc = 1 - Erf.erf(r[0]);
            // erf's absolute error is a few 1e-17, plus the rounding of 1 - erf near 1 (1.1e-16)
            assertEquals(r[1], erfc, 3e-16, "erfc(" + r[0] + ")");
        }
    }

    @Test
    void namedValues() {
        assertEquals(0.5204998778130465, Erf.erf(0.5), 1e-13 * 0.52);
        assertEquals(0.8427007929497149, Erf.erf(1), 1e-13 * 0.84);
        assertEquals(0.9953222650189527, Erf.erf(2), 1e-13);
        assertEquals(0.9999779095030014, Erf.erf(3), 1e-13);
        assertEquals(-Erf.erf(1), Erf.erf(-1), 0.0);
        assertEquals(0.0, Erf.erf(0.0), 0.0);
        assertEquals(1.0, Erf.erf(7), 0.0);
        assertEquals(-1.0, Erf.erf(-30), 0.0);
        assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY), 0.0);
        assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY), 0.0);
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
        assertEquals(Erf.erf(0.75), UnaryOp.ERF.apply(0.75), 0.0);
    }

    @Test
    void agreesWithAnIndependentSeriesOnADenseGrid() {
        // the reference series has only positive terms, so it carries no cancellation error
        double worst = 0;
        double worstAt = 0;
        for (int i = -6000; i <= 6000; i++) {
            double x = i / 1000.0 + 1e-4;
            double expected = TestTensors.referenceErf(x);
            double error = Math.abs(Erf.erf(x) - expected) / Math.abs(expected);
            if (error > worst) {
                worst = error;
                worstAt = x;
            }
        }
        assertTrue(worst < 1e-13, "largest relative error " + worst + " at x = " + worstAt);
    }

    @Test
    void isMonotoneAcrossTheSwitchBetweenMethods() {
        double previous = Erf.erf(2.49);
        for (double x = 2.49; x < 2.51; x += 1e-5) {
            double e = Erf.erf(x);
            assertTrue(e >= previous, "erf decreases at " + x);
            previous = e;
        }
    }
}
