package dev.lathe.engine.cpu;

/**
 * e^c for blocks of float arguments, to about an ulp, as short loops (the JIT vectorises the
 * arithmetic ones): c = k ln2 + r with k an integer and |r| ≤ ln2/2, e^r by its Taylor series to
 * r^7, times 2^k put together from exponent bits, as two powers of two near the ends of the range
 * (so results down in the subnormals and up to overflow come out right). F32 exp, GELU, tanh and
 * sigmoid build on it instead of the JDK's {@code Math.exp}, which costs tens of nanoseconds a
 * value; the GPU kernels (elementwise.cu) always use the two factors, which give the same bits.
 */
final class FloatExp {

    /** Elements per block: the scratch arrays stay in the first-level cache. */
    static final int BLOCK = 1024;
    /** Where GELU, tanh and sigmoid floor their arguments: below it e^c leaves float's normal range. */
    static final float FLOOR = -87f;
    /** e^c rounds to 0 below this and overflows above the ceiling; clamping keeps k in range. */
    private static final float LOWEST = -104f;
    private static final float HIGHEST = 89f;

    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HIGH = 0.693145752f;
    private static final float LN2_LOW = 1.42860677e-6f;
    /** 1.5 · 2^23: adding it rounds a float of magnitude below 2^22 to an integer held in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = 0x4B400000;

    /** Per-thread block scratch for the kernels built on this one: inputs, a result, the exponent and a part of it. */
    static final class Scratch {
        final float[] x = new float[BLOCK];
        final float[] y = new float[BLOCK];
        final float[] e = new float[BLOCK];
        final float[] r = new float[BLOCK];

        /** Copies b inputs from {@code in[at]} every {@code step} into {@link #x}. */
        void gather(float[] in, int at, int step, int b) {
            if (step == 1) {
                System.arraycopy(in, at, x, 0, b);
            } else {
                for (int j = 0; j < b; j++) {
                    x[j] = in[at + j * step];
                }
            }
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private FloatExp() {
    }

    /** Computes one block's outputs {@code out[at, at + b)} from its inputs, already gathered into {@code s.x}. */
    @FunctionalInterface
    interface BlockKernel {
        void run(Scratch s, int b, float[] out, int at);
    }

    /**
     * Runs {@code kernel} over {@code n} inputs from {@code in[io]} every {@code step}, a block at a
     * time on this thread's scratch, writing {@code o[oo, oo + n)}.
     */
    static void inBlocks(float[] in, int io, int step, float[] o, int oo, int n, BlockKernel kernel) {
        Scratch s = SCRATCH.get();
        for (int done = 0; done < n; done += BLOCK) {
            int b = Math.min(BLOCK, n - done);
            s.gather(in, io + done * step, step, b);
            kernel.run(s, b, o, oo + done);
        }
    }

    /** {@code o[oo + j] = e^x} for {@code x = in[io + j·step]}. */
    static void exp(float[] in, int io, int step, float[] o, int oo, int n) {
        inBlocks(in, io, step, o, oo, n, (s, b, out, at) -> {
            System.arraycopy(s.x, 0, s.e, 0, b);
            block(s.e, s.r, b);
            System.arraycopy(s.e, 0, out, at, b);
        });
    }

    /** Replaces {@code e[0, b)} by their exponentials (NaN stays NaN); r is scratch. */
    static void block(float[] e, float[] r, int b) {
        for (int j = 0; j < b; j++) {
            float c = Math.min(Math.max(e[j], LOWEST), HIGHEST);
            float shifted = c * LOG2E + ROUNDER;
            float kf = shifted - ROUNDER;
            r[j] = c - kf * LN2_HIGH - kf * LN2_LOW;
            e[j] = shifted;
        }
        for (int j = 0; j < b; j++) {
            float q = r[j];
            r[j] = 1f + q * (1f + q * (0.5f + q * (1f / 6 + q * (1f / 24 + q * (1f / 120 + q * (1f / 720 + q * (1f / 5040)))))));
        }
        for (int j = 0; j < b; j++) {
            int k = Float.floatToRawIntBits(e[j]) - ROUNDER_BITS;
            e[j] = timesPowerOfTwo(r[j], k);
        }
    }

    /**
     * r · 2^k for r in [0.7, 1.42]: one normal power of two for k in [−126, 127]; outside, r · 2^h ·
     * 2^(k−h) with h = floor(k/2), both factors normal for k in [−150, 128]. Both round r · 2^k once,
     * so the rare wide case (results near the subnormals or overflow) costs the common one nothing:
     * the JIT cannot vectorise these bit moves, so each is paid per element.
     */
    private static float timesPowerOfTwo(float r, int k) {
        if (k >= -126 && k <= 127) {
            return r * Float.intBitsToFloat((k + 127) << 23);
        }
        int h = k >> 1;
        return r * Float.intBitsToFloat((h + 127) << 23) * Float.intBitsToFloat((k - h + 127) << 23);
    }
}
