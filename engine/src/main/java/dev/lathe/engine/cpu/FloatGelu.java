package dev.lathe.engine.cpu;

/**
 * GELU and its derivative over F32 runs in float arithmetic, as torch's CPU kernels compute them:
 * Φ(x) through the Abramowitz–Stegun 7.1.26 form of erfc (absolute error below 1.5e-7, the formula
 * torch vectorises) and e^x by {@link FloatExp}. For x below zero Φ(x) is half the
 * erfc tail itself, so it keeps its relative accuracy where 1 + erf(x/√2) would cancel.
 *
 * <p>The work runs a block at a time as several short loops over scratch arrays: C2 vectorises a
 * loop only when its body is small, and the whole formula in one loop ran scalar at about 20 ns
 * an element. The GPU kernels (elementwise.cu) repeat these steps in this order, so both
 * backends give the same bits.
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

    private FloatGelu() {
    }

    /** {@code o[oo + j] = x Φ(x)} for {@code x = in[io + j·step]}. */
    static void gelu(float[] in, int io, int step, float[] o, int oo, int n) {
        FloatExp.inBlocks(in, io, step, o, oo, n, (s, b, out, at) -> {
            tailParts(s, b);
            for (int j = 0; j < b; j++) {
                out[at + j] = s.x[j] * s.y[j];
            }
        });
    }

    /** {@code o[oo + j] = Φ(x) + x φ(x)} for {@code x = in[io + j·step]}. */
    static void derivative(float[] in, int io, int step, float[] o, int oo, int n) {
        FloatExp.inBlocks(in, io, step, o, oo, n, (s, b, out, at) -> {
            tailParts(s, b);
            for (int j = 0; j < b; j++) {
                out[at + j] = s.y[j] + s.x[j] * (s.e[j] * INV_SQRT_2PI);
            }
        });
    }

    /** For the b inputs in {@code s.x}, leaves e^(−x²/2) in {@code s.e} and Φ(x) in {@code s.y}. */
    private static void tailParts(FloatExp.Scratch s, int b) {
        float[] x = s.x;
        float[] poly = s.y;
        float[] e = s.e;
        float[] r = s.r;
        // z = |x|/√2; the erfc polynomial in t = 1/(1 + p z); the exponent −z² (= −x²/2), floored
        for (int j = 0; j < b; j++) {
            float z = Math.abs(x[j]) * INV_SQRT2;
            e[j] = Math.max(-z * z, FloatExp.FLOOR);
            r[j] = 1f / (1f + P * z);
        }
        for (int j = 0; j < b; j++) {
            float t = r[j];
            poly[j] = t * (A1 + t * (A2 + t * (A3 + t * (A4 + t * A5))));
        }
        FloatExp.block(e, r, b);
        // Φ(x): 1 − tail/2 above zero, tail/2 below, with tail = erfc(|x|/√2) = poly · e^(−z²)
        for (int j = 0; j < b; j++) {
            float half = 0.5f * (poly[j] * e[j]);
            // picked by x's sign bit, not a branch (which real data takes at random); x + 0 turns −0 into +0
            int negative = Float.floatToRawIntBits(x[j] + 0f) >> 31;
            poly[j] = Float.intBitsToFloat(Float.floatToRawIntBits(1f - half) & ~negative | Float.floatToRawIntBits(half) & negative);
        }
    }
}
