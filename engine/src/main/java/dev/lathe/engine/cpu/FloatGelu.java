package dev.lathe.engine.cpu;

/**
 * GELU and its derivative over F32 runs in float arithmetic, as torch's CPU kernels compute them:
 * Φ(x) through the Abramowitz–Stegun 7.1.26 form of erfc (absolute error below 1.5e-7, the formula
 * torch vectorises) and e^x by range reduction and a polynomial. For x below zero Φ(x) is half the
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
    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HIGH = 0.693145752f;
    private static final float LN2_LOW = 1.42860677e-6f;
    /** 1.5 · 2^23: adding it rounds a float of magnitude below 2^22 to an integer held in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = 0x4B400000;
    /** Below this e^x is under float's normal range; Φ's tail is far below an ulp of 1 long before. NaN passes. */
    private static final float EXP_FLOOR = -87f;
    private static final int BLOCK = 1024;

    /** Per-thread scratch: the inputs, the erfc polynomial, the exponent's argument, reduced argument and power. */
    private static final class Scratch {
        final float[] x = new float[BLOCK];
        final float[] poly = new float[BLOCK];
        final float[] e = new float[BLOCK];
        final float[] r = new float[BLOCK];
        final int[] k = new int[BLOCK];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private FloatGelu() {
    }

    /** {@code o[oo + j] = x Φ(x)} for {@code x = in[io + j·step]}. */
    static void gelu(float[] in, int io, int step, float[] o, int oo, int n) {
        Scratch s = SCRATCH.get();
        for (int done = 0; done < n; done += BLOCK) {
            int b = Math.min(BLOCK, n - done);
            tailParts(s, in, io + done * step, step, b);
            float[] x = s.x;
            float[] cdf = s.poly;
            for (int j = 0; j < b; j++) {
                o[oo + done + j] = x[j] * cdf[j];
            }
        }
    }

    /** {@code o[oo + j] = Φ(x) + x φ(x)} for {@code x = in[io + j·step]}. */
    static void derivative(float[] in, int io, int step, float[] o, int oo, int n) {
        Scratch s = SCRATCH.get();
        for (int done = 0; done < n; done += BLOCK) {
            int b = Math.min(BLOCK, n - done);
            tailParts(s, in, io + done * step, step, b);
            float[] x = s.x;
            float[] cdf = s.poly;
            float[] e = s.e;
            for (int j = 0; j < b; j++) {
                o[oo + done + j] = cdf[j] + x[j] * (e[j] * INV_SQRT_2PI);
            }
        }
    }

    /**
     * Leaves, for b inputs from {@code in[at]} every {@code step}: the inputs in {@code s.x},
     * e^(−x²/2) in {@code s.e} and Φ(x) in {@code s.poly}.
     */
    private static void tailParts(Scratch s, float[] in, int at, int step, int b) {
        float[] x = s.x;
        float[] poly = s.poly;
        float[] e = s.e;
        float[] r = s.r;
        int[] k = s.k;
        if (step == 1) {
            System.arraycopy(in, at, x, 0, b);
        } else {
            for (int j = 0; j < b; j++) {
                x[j] = in[at + j * step];
            }
        }
        // z = |x|/√2; the erfc polynomial in t = 1/(1 + p z); the exponent −z² (= −x²/2), floored
        for (int j = 0; j < b; j++) {
            float z = Math.abs(x[j]) * INV_SQRT2;
            e[j] = Math.max(-z * z, EXP_FLOOR);
            r[j] = 1f / (1f + P * z);
        }
        for (int j = 0; j < b; j++) {
            float t = r[j];
            poly[j] = t * (A1 + t * (A2 + t * (A3 + t * (A4 + t * A5))));
        }
        // e^c: c = kf ln2 + r with kf an integer (rounded by adding ROUNDER), |r| <= ln2/2
        for (int j = 0; j < b; j++) {
            float c = e[j];
            float shifted = c * LOG2E + ROUNDER;
            float kf = shifted - ROUNDER;
            r[j] = c - kf * LN2_HIGH - kf * LN2_LOW;
            e[j] = shifted;
        }
        for (int j = 0; j < b; j++) {
            k[j] = Float.floatToRawIntBits(e[j]) - ROUNDER_BITS;
        }
        for (int j = 0; j < b; j++) {
            float q = r[j];
            r[j] = 1f + q * (1f + q * (0.5f + q * (1f / 6 + q * (1f / 24 + q * (1f / 120 + q * (1f / 720 + q * (1f / 5040)))))));
        }
        for (int j = 0; j < b; j++) {
            e[j] = r[j] * Float.intBitsToFloat((k[j] + 127) << 23);
        }
        // Φ(x): 1 − tail/2 above zero, tail/2 below, with tail = erfc(|x|/√2) = poly · e^(−z²)
        for (int j = 0; j < b; j++) {
            float half = 0.5f * (poly[j] * e[j]);
            poly[j] = x[j] >= 0 ? 1f - half : half;
        }
    }
}
