package dev.lathe.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The float exponential against Math.exp over float's whole range, subnormals and overflow included. */
class FloatExpTest {

    @Test
    void normalResultsAreWithinTwoUlpsAndSubnormalsWithinOneStep() {
        int count = 2_000_001;
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = (float) (-110 + i * 1e-4);  // -110 .. 90
        }
        float[] out = new float[count];
        FloatExp.exp(x, 0, 1, out, 0, count);
        for (int i = 0; i < count; i++) {
            double expected = Math.exp(x[i]);
            float rounded = (float) expected;
            double allowed = rounded >= Float.MIN_NORMAL ? 2 * Math.ulp(rounded) : Float.MIN_VALUE;
            if (Float.isInfinite(rounded)) {
                assertTrue(out[i] == Float.POSITIVE_INFINITY || out[i] >= Float.MAX_VALUE * 0.9999f, "exp(" + x[i] + ") = " + out[i]);
            } else {
                assertTrue(Math.abs(out[i] - expected) <= allowed, "exp(" + x[i] + "): expected " + expected + " got " + out[i]);
            }
        }
    }

    @Test
    void infinitiesZeroesAndNanBehaveAndStridesAreRead() {
        float[] x = {Float.NEGATIVE_INFINITY, 0f, Float.POSITIVE_INFINITY, -0f, Float.NaN, 1f, 200f, -200f};
        float[] out = new float[4];
        FloatExp.exp(x, 0, 2, out, 0, 4);
        assertEquals(0f, out[0], "exp(-inf)");
        assertEquals(Float.POSITIVE_INFINITY, out[1], "exp(+inf)");
        assertTrue(Float.isNaN(out[2]), "exp(NaN)");
        assertEquals(Float.POSITIVE_INFINITY, out[3], "exp(200)");
        float[] odd = new float[4];
        FloatExp.exp(x, 1, 2, odd, 0, 4);
        assertEquals(1f, odd[0], "exp(0)");
        assertEquals(1f, odd[1], "exp(-0)");
        assertTrue(Math.abs(odd[2] - Math.E) <= 2 * Math.ulp((float) Math.E), "exp(1) = " + odd[2]);
        assertEquals(0f, odd[3], "exp(-200)");
    }
}
