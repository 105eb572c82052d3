package dev.lathe.engine.cpu;

import dev.lathe.engine.backend.BinaryOp;
import dev.lathe.engine.backend.CompareOp;
import dev.lathe.engine.backend.ReduceOp;
import dev.lathe.engine.backend.UnaryOp;

/**
 * The elementwise ops over double arrays, in place in the first one. The cheap ops get their own
 * loop so the JIT vectorises it; the rest call the op's reference definition per element, whose
 * cost is the function itself. Every loop computes exactly what the reference definition does.
 */
final class ChunkMath {

    private ChunkMath() {
    }

    /** {@code x[j] = op(x[j])} for j in [0, n). */
    static void unary(UnaryOp op, double[] x, int n) {
        switch (op) {
            case NEG -> {
                for (int j = 0; j < n; j++) {
                    x[j] = -x[j];
                }
            }
            case ABS -> {
                for (int j = 0; j < n; j++) {
                    x[j] = Math.abs(x[j]);
                }
            }
            case SQRT -> {
                for (int j = 0; j < n; j++) {
                    x[j] = Math.sqrt(x[j]);
                }
            }
            case RELU -> {
                for (int j = 0; j < n; j++) {
                    x[j] = Math.max(x[j], 0.0);
                }
            }
            case RECIPROCAL -> {
                for (int j = 0; j < n; j++) {
                    x[j] = 1.0 / x[j];
                }
            }
            default -> {
                for (int j = 0; j < n; j++) {
                    x[j] = op.apply(x[j]);
                }
            }
        }
    }

    /** {@code x[j] = op(x[j], y[j])} for j in [0, n). */
    static void binary(BinaryOp op, double[] x, double[] y, int n) {
        switch (op) {
            case ADD -> {
                for (int j = 0; j < n; j++) {
                    x[j] += y[j];
                }
            }
            case SUB -> {
                for (int j = 0; j < n; j++) {
                    x[j] -= y[j];
                }
            }
            case MUL -> {
                for (int j = 0; j < n; j++) {
                    x[j] *= y[j];
                }
            }
            case DIV -> {
                for (int j = 0; j < n; j++) {
                    x[j] /= y[j];
                }
            }
            case MAX -> {
                for (int j = 0; j < n; j++) {
                    x[j] = Math.max(x[j], y[j]);
                }
            }
            case MIN -> {
                for (int j = 0; j < n; j++) {
                    x[j] = Math.min(x[j], y[j]);
                }
            }
            default -> {
                for (int j = 0; j < n; j++) {
                    x[j] = op.apply(x[j], y[j]);
                }
            }
        }
    }

    /** {@code x[j] = op(x[j], y[j]) ? 1 : 0} for j in [0, n). */
    static void compare(CompareOp op, double[] x, double[] y, int n) {
        for (int j = 0; j < n; j++) {
            x[j] = op.test(x[j], y[j]) ? 1.0 : 0.0;
        }
    }

    /** {@code acc} combined with {@code x[0, n)} in order. */
    static double reduce(ReduceOp op, double acc, double[] x, int n) {
        double v = acc;
        if (op == ReduceOp.SUM) {
            for (int j = 0; j < n; j++) {
                v += x[j];
            }
        } else {
            for (int j = 0; j < n; j++) {
                v = op.combine(v, x[j]);
            }
        }
        return v;
    }

    /** {@code acc[j] = op.combine(acc[j], x[j])} for j in [0, n). */
    static void accumulate(ReduceOp op, double[] acc, double[] x, int n) {
        if (op == ReduceOp.SUM) {
            for (int j = 0; j < n; j++) {
                acc[j] += x[j];
            }
        } else {
            for (int j = 0; j < n; j++) {
                acc[j] = op.combine(acc[j], x[j]);
            }
        }
    }
}
