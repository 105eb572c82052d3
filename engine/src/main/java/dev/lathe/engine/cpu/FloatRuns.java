package dev.lathe.engine.cpu;

import dev.lathe.engine.backend.BinaryOp;
import dev.lathe.engine.backend.CompareOp;
import dev.lathe.engine.backend.UnaryOp;

/**
 * Elementwise runs over F32 arrays read and written in place, skipping the double scratch arrays of
 * {@link Chunk}, which cost two extra passes over memory. Used where every operand is F32, the
 * output run is contiguous and each input run is contiguous or one repeated element (a broadcast).
 * Results are bit for bit those of the scratch path: float +, −, × and ÷ round the exact result once,
 * as rounding the double result does (a double holds more than twice a float's precision), and
 * every other op is its double reference definition rounded once, as there. exp, GELU and its
 * derivative, tanh and sigmoid are the exception: F32 tensors get the float kernels of
 * {@link FloatExp}, {@link FloatGelu} and {@link FloatSquash}, within a few ulps (GELU: 2e-7) of the
 * reference, as torch's CPU kernels are.
 *
 * <p>Each loop is a small method of its own: with all of them in one method, the JIT (JDK 17's C2)
 * left them unvectorised, 0.6 ns an element for a float add against 0.16 in a method of its own.
 * The arithmetic loops have a second form for operands at one index (the usual case: tensors of
 * one shape, each from its start): C2 vectorises a loop only where it can tell its loads from its
 * stores, which it cannot for one array type at different offsets (0.4-0.6 ns an element at any
 * offsets, 0.16 at one index, on JDK 17 and 25 alike).
 */
final class FloatRuns {

    private FloatRuns() {
    }

    /** Whether F32 {@code op} runs on a block kernel ({@link FloatExp#inBlocks}), whose cost per call favours long runs. */
    static boolean hasBlockKernel(UnaryOp op) {
        return switch (op) {
            case EXP, GELU, GELU_DERIVATIVE, TANH, SIGMOID -> true;
            default -> false;
        };
    }

    /** {@code o[oo + j] = op(x[xo + j])}; false (nothing written) unless the input run is contiguous. */
    static boolean unary(UnaryOp op, float[] x, int xo, int xStep, float[] o, int oo, int n) {
        // F32 exp, GELU, tanh and sigmoid are always the float kernels, whatever the input's layout
        switch (op) {
            case EXP -> FloatExp.exp(x, xo, xStep, o, oo, n);
            case GELU -> FloatGelu.gelu(x, xo, xStep, o, oo, n);
            case GELU_DERIVATIVE -> FloatGelu.derivative(x, xo, xStep, o, oo, n);
            case TANH -> FloatSquash.tanh(x, xo, xStep, o, oo, n);
            case SIGMOID -> FloatSquash.sigmoid(x, xo, xStep, o, oo, n);
            default -> {
                return unaryRun(op, x, xo, xStep, o, oo, n);
            }
        }
        return true;
    }

    private static boolean unaryRun(UnaryOp op, float[] x, int xo, int xStep, float[] o, int oo, int n) {
        if (xStep != 1) {
            return false;
        }
        switch (op) {
            case NEG -> neg(x, xo, o, oo, n);
            case RELU -> relu(x, xo, o, oo, n);
            default -> {
                for (int j = 0; j < n; j++) {
                    o[oo + j] = (float) op.apply(x[xo + j]);
                }
            }
        }
        return true;
    }

    private static void neg(float[] x, int xo, float[] o, int oo, int n) {
        for (int j = 0; j < n; j++) {
            o[oo + j] = -x[xo + j];
        }
    }

    /** Math.max, which C2 vectorises (a comparison branched at random on real data, 5x slower). */
    private static void relu(float[] x, int xo, float[] o, int oo, int n) {
        if (xo == oo) {
            for (int j = oo; j < oo + n; j++) {
                o[j] = Math.max(x[j], 0f);
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            o[oo + j] = Math.max(x[xo + j], 0f);
        }
    }

    /**
     * All ones where the float with these bits is above 0 (and not NaN), else 0. ReLU's gradient
     * selects with it instead of branching: on real data the branch goes either way at random, and
     * its mispredictions made the loop five times slower.
     */
    private static int positiveMask(int bits) {
        // bits - 1 >= 0 excludes +0 and every negative; 0x7f800000 - bits >= 0 excludes NaNs (and,
        // by overflow, the negatives again)
        return ~((bits - 1) | (0x7f800000 - bits)) >> 31;
    }

    /**
     * {@code o[oo + j] = op(a[ao + j·aStep], b[bo + j·bStep])}; false (nothing written) unless each step
     * is 1, or 0 for one of the two inputs.
     */
    static boolean binary(BinaryOp op, float[] a, int ao, int aStep, float[] b, int bo, int bStep, float[] o, int oo, int n) {
        if (aStep == 1 && bStep == 1) {
            switch (op) {
                case ADD -> add(a, ao, b, bo, o, oo, n);
                case SUB -> sub(a, ao, b, bo, o, oo, n);
                case MUL -> mul(a, ao, b, bo, o, oo, n);
                case DIV -> div(a, ao, b, bo, o, oo, n);
                case RELU_BACKWARD -> reluBackward(a, ao, b, bo, o, oo, n);
                default -> {
                    for (int j = 0; j < n; j++) {
                        o[oo + j] = (float) op.apply(a[ao + j], b[bo + j]);
                    }
                }
            }
            return true;
        }
        if (aStep == 1 && bStep == 0) {
            withScalarRight(op, a, ao, b[bo], o, oo, n);
            return true;
        }
        if (aStep == 0 && bStep == 1) {
            withScalarLeft(op, a[ao], b, bo, o, oo, n);
            return true;
        }
        return false;
    }

    private static void add(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        if (ao == oo && bo == oo) {
            for (int j = oo; j < oo + n; j++) {
                o[j] = a[j] + b[j];
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            o[oo + j] = a[ao + j] + b[bo + j];
        }
    }

    private static void sub(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        if (ao == oo && bo == oo) {
            for (int j = oo; j < oo + n; j++) {
                o[j] = a[j] - b[j];
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            o[oo + j] = a[ao + j] - b[bo + j];
        }
    }

    private static void mul(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        if (ao == oo && bo == oo) {
            for (int j = oo; j < oo + n; j++) {
                o[j] = a[j] * b[j];
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            o[oo + j] = a[ao + j] * b[bo + j];
        }
    }

    private static void div(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        if (ao == oo && bo == oo) {
            for (int j = oo; j < oo + n; j++) {
                o[j] = a[j] / b[j];
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            o[oo + j] = a[ao + j] / b[bo + j];
        }
    }

    private static void reluBackward(float[] g, int go, float[] x, int xo, float[] o, int oo, int n) {
        for (int j = 0; j < n; j++) {
            int mask = positiveMask(Float.floatToRawIntBits(x[xo + j]));
            o[oo + j] = Float.intBitsToFloat(Float.floatToRawIntBits(g[go + j]) & mask);
        }
    }

    /**
     * {@code o[oo + j] = op(a[ao + j·aStep], b[bo + j·bStep]) ? 1 : 0}; false (nothing written) unless
     * a's run is contiguous and b's is contiguous or one repeated element (a comparison with a scalar).
     */
    static boolean compare(CompareOp op, float[] a, int ao, int aStep, float[] b, int bo, int bStep, float[] o, int oo, int n) {
        if (aStep != 1 || (bStep != 0 && bStep != 1)) {
            return false;
        }
        if (bStep == 0 && op == CompareOp.GT) {
            float q = b[bo];
            for (int j = 0; j < n; j++) {
                o[oo + j] = a[ao + j] > q ? 1f : 0f;
            }
            return true;
        }
        for (int j = 0; j < n; j++) {
            o[oo + j] = op.test(a[ao + j], b[bo + j * bStep]) ? 1f : 0f;
        }
        return true;
    }

    /**
     * {@code o[oo + j] = c[co + j·cStep] != 0 ? a[ao + j·aStep] : b[bo + j·bStep]}; false (nothing
     * written) unless every step is 0 or 1 (a masked recurrent step: the mask is one value a row).
     */
    static boolean where(float[] c, int co, int cStep, float[] a, int ao, int aStep, float[] b, int bo, int bStep, float[] o,
            int oo, int n) {
        if ((cStep | aStep | bStep) >>> 1 != 0) {
            return false;
        }
        for (int j = 0; j < n; j++) {
            o[oo + j] = c[co + j * cStep] != 0 ? a[ao + j * aStep] : b[bo + j * bStep];
        }
        return true;
    }

    private static void withScalarRight(BinaryOp op, float[] a, int ao, float q, float[] o, int oo, int n) {
        switch (op) {
            case ADD -> addScalar(a, ao, q, o, oo, n);
            case SUB -> addScalar(a, ao, -q, o, oo, n);
            case MUL -> mulScalar(a, ao, q, o, oo, n);
            case DIV -> divScalar(a, ao, q, o, oo, n);
            default -> {
                for (int j = 0; j < n; j++) {
                    o[oo + j] = (float) op.apply(a[ao + j], q);
                }
            }
        }
    }

    private static void withScalarLeft(BinaryOp op, float p, float[] b, int bo, float[] o, int oo, int n) {
        switch (op) {
            case ADD -> addScalar(b, bo, p, o, oo, n);
            case MUL -> mulScalar(b, bo, p, o, oo, n);
            default -> {
                for (int j = 0; j < n; j++) {
                    o[oo + j] = (float) op.apply(p, b[bo + j]);
                }
            }
        }
    }

    private static void addScalar(float[] a, int ao, float q, float[] o, int oo, int n) {
        if (ao == oo) {
            for (int j = oo; j < oo + n; j++) {
                o[j] = a[j] + q;
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            o[oo + j] = a[ao + j] + q;
        }
    }

    private static void mulScalar(float[] a, int ao, float q, float[] o, int oo, int n) {
        if (ao == oo) {
            for (int j = oo; j < oo + n; j++) {
                o[j] = a[j] * q;
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            o[oo + j] = a[ao + j] * q;
        }
    }

    private static void divScalar(float[] a, int ao, float q, float[] o, int oo, int n) {
        if (ao == oo) {
            for (int j = oo; j < oo + n; j++) {
                o[j] = a[j] / q;
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            o[oo + j] = a[ao + j] / q;
        }
    }
}
