package dev.lathe.engine.cpu;

/**
 * tanh and the logistic sigmoid over F32 runs in float arithmetic, a block at a time on
 * {@link FloatExp} (the JDK's {@code Math.tanh} is a plain Java port of fdlibm and was a quarter
 * of the LSTM's inference time). Both are within two ulps of the double definitions. tanh uses its
 * Taylor series below 0.4, where (1 − e^(−2|x|)) / (1 + e^(−2|x|)) would cancel; sigmoid of x
 * below −87 is e^−87 / (1 + e^−87), no smaller. The GPU kernels (elementwise.cu) repeat these steps.
 */
final class FloatSquash {

    /** Below this |x| tanh is its Taylor series; the first term left out is under 2e-9 relative. */
    private static final float SERIES_LIMIT = 0.4f;
    private static final int SERIES_LIMIT_BITS = Float.floatToRawIntBits(SERIES_LIMIT);
    private static final int ONE_BITS = Float.floatToRawIntBits(1f);
    private static final float T3 = -1f / 3;
    private static final float T5 = 2f / 15;
    private static final float T7 = -17f / 315;
    private static final float T9 = 62f / 2835;
    private static final float T11 = -1382f / 155925;
    private static final float T13 = 21844f / 6081075;

    private FloatSquash() {
    }

    /** {@code o[oo + j] = tanh(x)} for {@code x = in[io + j·step]}. */
    static void tanh(float[] in, int io, int step, float[] o, int oo, int n) {
        FloatExp.inBlocks(in, io, step, o, oo, n, (s, b, out, at) -> {
            float[] x = s.x;
            float[] y = s.y;
            float[] e = s.e;
            for (int j = 0; j < b; j++) {
                e[j] = Math.max(-2f * Math.abs(x[j]), FloatExp.FLOOR);
            }
            FloatExp.block(e, s.r, b);
            for (int j = 0; j < b; j++) {
                float a = Math.abs(x[j]);
                float q = a * a;
                y[j] = a + a * q * (T3 + q * (T5 + q * (T7 + q * (T9 + q * (T11 + q * T13)))));
            }
            for (int j = 0; j < b; j++) {
                // the series below the limit, else the exponential form, picked by bits: real
                // activations fall on either side of the limit at random, so a branch mispredicts
                int series = (Float.floatToRawIntBits(Math.abs(x[j])) - SERIES_LIMIT_BITS) >> 31;
                float exponential = (1f - e[j]) / (1f + e[j]);
                float t = Float.intBitsToFloat(Float.floatToRawIntBits(y[j]) & series | Float.floatToRawIntBits(exponential) & ~series);
                out[at + j] = Math.copySign(t, x[j]);
            }
        });
    }

    /** {@code o[oo + j] = 1 / (1 + e^−x)} for {@code x = in[io + j·step]}. */
    static void sigmoid(float[] in, int io, int step, float[] o, int oo, int n) {
        FloatExp.inBlocks(in, io, step, o, oo, n, (s, b, out, at) -> {
            float[] x = s.x;
            float[] e = s.e;
            for (int j = 0; j < b; j++) {
                e[j] = Math.max(-Math.abs(x[j]), FloatExp.FLOOR);
            }
            FloatExp.block(e, s.r, b);
            // sigmoid(|x|) = 1 / (1 + e^−|x|); for x < 0, sigmoid(x) = e^−|x| · sigmoid(|x|)
            for (int j = 0; j < b; j++) {
                float positive = 1f / (1f + e[j]);
                // the factor e^−|x| where x's sign bit is set (−0 included: e^0 = 1), else 1, by bits
                int negative = Float.floatToRawIntBits(x[j]) >> 31;
                float factor = Float.intBitsToFloat(ONE_BITS & ~negative | Float.floatToRawIntBits(e[j]) & negative);
                out[at + j] = factor * positive;
            }
        });
    }
}
