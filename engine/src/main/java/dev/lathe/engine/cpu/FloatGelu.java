package dev.lathe.engine.cpu;

/**
 * GELU and its derivative over F32 runs in float arithmetic, as torch's CPU kernels compute them:
 * Φ(x) through the Abramowitz–Stegun 7.1.26 form of erfc (absolute error below 1.5e-7, the formula
 * torch vectorises) and e^x by range reduction and a polynomial, with no call into the JDK's
 * {@code Math.exp}, which costs tens of nanoseconds a value here. For x below zero Φ(x) is half
 * the erfc tail itself, so it keeps its relative accuracy where 1 + erf(x/√2) would cancel.
 */
final class FloatGelu {

    private static final float INV_SQRT2 = 0.70710678f;
    private static final float INV_SQRT_2PI = 0.39894228f;
    private static final float P = 0.3275911f;
    private static final float A1 = 0.254829592f;
    private static final float A2 = -0.284496736f;
    private static final float A3 = 1.421413741f;
    private static final float A4 = -1.453152027f;
    private static final float A5 = 1.061405429f;
    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HIGH = 0.693145752f;
    private static final float LN2_LOW = 1.42860677e-6f;
    /** 1.5 · 2^23: adding it rounds a float of magnitude below 2^22 to an integer held in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = 0x4B400000;
    /** Below this e^x is under float's normal range; Φ's tail is far below an ulp of 1 long before. NaN passes. */
    private static final float EXP_FLOOR = -87f;

    private FloatGelu() {
    }

    /** {@code o[oo + j] = x Φ(x)} for {@code x = in[io + j·step]}. */
    static void gelu(float[] in, int io, int step, float[] o, int oo, int n) {
        for (int j = 0; j < n; j++) {
            float x = in[io + j * step];
            o[oo + j] = x * cdf(x, tail(x));
        }
    }

    /** {@code o[oo + j] = Φ(x) + x φ(x)} for {@code x = in[io + j·step]}. */
    static void derivative(float[] in, int io, int step, float[] o, int oo, int n) {
        for (int j = 0; j < n; j++) {
            float x = in[io + j * step];
            float density = exp(-0.5f * x * x) * INV_SQRT_2PI;  // (-0.5 x) x, as the GPU kernel
            o[oo + j] = cdf(x, tail(x)) + x * density;
        }
    }

    /** erfc(|x|/√2), the normal distribution's two-sided tail beyond |x|. */
    private static float tail(float x) {
        float z = Math.abs(x) * INV_SQRT2;
        float t = 1f / (1f + P * z);
        float poly = t * (A1 + t * (A2 + t * (A3 + t * (A4 + t * A5))));
        return poly * exp(-z * z);
    }

    private static float cdf(float x, float tail) {
        float half = 0.5f * tail;
        return x >= 0 ? 1f - half : half;
    }

    /**
     * e^x for x ≤ 0 to about an ulp: x = k ln2 + r with |r| ≤ ln2/2, e^r by its Taylor series to r^7.
     * The GPU kernels (elementwise.cu) repeat these steps in this order, so both give the same bits.
     */
    static float exp(float x) {
        float clamped = x < EXP_FLOOR ? EXP_FLOOR : x;
        float shifted = clamped * LOG2E + ROUNDER;
        int k = Float.floatToRawIntBits(shifted) - ROUNDER_BITS;
        float kf = shifted - ROUNDER;
        float r = clamped - kf * LN2_HIGH - kf * LN2_LOW;
        float p = 1f + r * (1f + r * (0.5f + r * (1f / 6 + r * (1f / 24 + r * (1f / 120 + r * (1f / 720 + r * (1f / 5040)))))));
        return p * Float.intBitsToFloat((k + 127) << 23);
    }
}
