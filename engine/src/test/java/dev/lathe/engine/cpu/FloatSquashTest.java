package dev.lathe.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The float tanh and sigmoid kernels against the double definitions, across their whole range. */
class FloatSquashTest {

    /** Every 1e-4 from -90 to 90, plus tiny magnitudes where tanh's series takes over. */
    private static float[] inputs() {
        int grid = 1_800_001;
        float[] x = new float[grid + 60];
        for (int i = 0; i < grid; i++) {
            x[i] = (float) (-90 + i * 1e-4);
        }
        for (int i = 0; i < 30; i++) {
            x[grid + 2 * i] = (float) Math.pow(10, -i);
            x[grid + 2 * i + 1] = -(float) Math.pow(10, -i);
        }
        return x;
    }

    private static void assertWithinUlps(double expected, float got, int ulps, String what) {
        float rounded = (float) expected;
        double allowed = ulps * Math.ulp(rounded);
        assertTrue(Math.abs(got - expected) <= allowed, what + ": expected " + expected + " got " + got);
    }

    @Test
    void tanhIsWithinThreeUlpsEverywhere() {
        float[] x = inputs();
        float[] out = new float[x.length];
        FloatSquash.tanh(x, 0, 1, out, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertWithinUlps(Math.tanh(x[i]), out[i], 3, "tanh(" + x[i] + ")");
        }
    }

    @Test
    void sigmoidIsWithinThreeUlpsAboveTheExponentFloor() {
        float[] x = inputs();
        float[] out = new float[x.length];
        FloatSquash.sigmoid(x, 0, 1, out, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            double expected = x[i] >= 0 ? 1 / (1 + Math.exp(-x[i])) : Math.exp(x[i]) / (1 + Math.exp(x[i]));
            if (x[i] > -87) {
                assertWithinUlps(expected, out[i], 3, "sigmoid(" + x[i] + ")");
            } else {
                // below the floor the result stays at sigmoid(-87), about 1.6e-38: absolutely negligible
                assertTrue(out[i] >= 0 && out[i] < 2e-38, "sigmoid(" + x[i] + ") = " + out[i]);
            }
        }
    }

    @Test
    void signedZeroNanAndStridedInputsBehave() {
        float[] x = {-0f, 0f, Float.NaN, 3f, -3f, 1e-3f};
        float[] tanh = new float[3];
        FloatSquash.tanh(x, 0, 2, tanh, 0, 3);
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(tanh[0]), "tanh(-0) is -0");
        assertTrue(Float.isNaN(tanh[1]), "tanh(NaN)");
        assertWithinUlps(Math.tanh(-3), tanh[2], 3, "tanh(-3) read at stride 2");
        float[] sigmoid = new float[3];
        FloatSquash.sigmoid(x, 1, 2, sigmoid, 0, 3);
        assertEquals(0.5f, sigmoid[0]);
        assertWithinUlps(1 / (1 + Math.exp(-3)), sigmoid[1], 3, "sigmoid(3) read at stride 2");
        assertWithinUlps(1 / (1 + Math.exp(-1e-3)), sigmoid[2], 3, "sigmoid(1e-3)");
    }
}
