package dev.lathe.engine.cpu;

import static dev.lathe.engine.TestTensors.assertClose;
import static dev.lathe.engine.TestTensors.broadcastShape;
import static dev.lathe.engine.TestTensors.broadcastTo;
import static dev.lathe.engine.TestTensors.numel;
import static dev.lathe.engine.TestTensors.random;
import static dev.lathe.engine.TestTensors.randomIntegers;
import static dev.lathe.engine.TestTensors.roundTo;
import static dev.lathe.engine.TestTensors.rtol;
import static dev.lathe.engine.TestTensors.tensor;
import static dev.lathe.engine.TestTensors.withLayout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.TestTensors;
import dev.lathe.engine.TestTensors.Layout;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.backend.Backends;
import dev.lathe.engine.backend.BinaryOp;
import dev.lathe.engine.backend.CompareOp;
import dev.lathe.engine.backend.UnaryOp;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Unary, broadcasting binary, compare and where kernels against naive loops, for every op, dtype and layout. */
class ElementwiseTest {

    private static final Backend CPU = Backends.cpu();
    private static final DType[] FLOATS = {DType.F32, DType.F64};

    /** Pairs of shapes that broadcast under NumPy's rules, including rank 0 and size-1 dimensions on both sides. */
    private static final int[][][] BROADCASTS = {
            {{3, 4}, {3, 4}},
            {{2, 3, 4}, {4}},
            {{2, 1, 4}, {3, 1}},
            {{5, 1}, {1, 6}},
            {{}, {2, 3}},
            {{2, 3}, {}},
            {{1}, {3}},
            {{4, 1, 3, 1}, {2, 1, 5}},
            // a row repeated over the leading dimensions, on either side (one kernel call a row)
            {{37, 21}, {21}},
            {{21}, {37, 21}},
            {{5, 3, 8}, {1, 3, 8}},
            // and enough rows to split over the workers
            {{1100, 250}, {250}},
            // a value per channel repeated over each plane, on either side (one kernel call a plane)
            {{2, 3, 4, 5}, {3, 1, 1}},
            {{1, 3, 1, 1}, {2, 3, 4, 5}},
            {{6, 7, 2}, {7, 1}},
            {{32, 16, 13, 13}, {16, 1, 1}},
            // nothing to compute
            {{0, 3, 2}, {3, 1}},
    };

    // ---- unary ----

    private static double unaryReference(UnaryOp op, double x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> x < 0 ? -x : x;
            case SIGN -> x > 0 ? 1 : x < 0 ? -1 : 0;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case RELU -> x > 0 || Double.isNaN(x) ? x : 0;
            case ERF -> TestTensors.referenceErf(x);
            case RECIPROCAL -> 1 / x;
            case GELU -> 0.5 * x * (1 + TestTensors.referenceErf(x / Math.sqrt(2)));
            case GELU_DERIVATIVE -> 0.5 * (1 + TestTensors.referenceErf(x / Math.sqrt(2)))
                    + x * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
        };
    }

    /** Inputs inside each op's domain, with exact zeros where the op has a kink or a sign change there. */
    private static double[] unaryInputs(UnaryOp op, DType dtype, int n) {
        double[] v = switch (op) {
            case LOG, SQRT -> random(11, dtype, n, 0.05, 20);
            case RECIPROCAL -> random(12, dtype, n, 0.25, 4);
            case EXP -> random(13, dtype, n, -20, 20);
            case SIGMOID, TANH -> random(14, dtype, n, -30, 30);
            default -> random(15, dtype, n, -4, 4);
        };
        if (op == UnaryOp.RECIPROCAL) {
            for (int i = 0; i < n; i += 2) {
                v[i] = -v[i];
            }
        }
        if (op == UnaryOp.SIGN || op == UnaryOp.RELU || op == UnaryOp.ABS || op == UnaryOp.ERF || op == UnaryOp.NEG) {
            v[0] = 0;
            v[n / 2] = 0;
        }
        return v;
    }

    @Test
    void reluPassesNaNOnAsPyTorchAndMapsNegativeZeroToZero() {
        double[] x = {Double.NaN, -0.0, 0.0, -1.5, 2.5, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -Double.MIN_VALUE};
        double[] expected = {Double.NaN, 0.0, 0.0, 0.0, 2.5, 0.0, Double.POSITIVE_INFINITY, 0.0};
        for (DType dtype : FLOATS) {
            for (Layout layout : Layout.values()) {
                double[] out = CPU.unary(UnaryOp.RELU, withLayout(layout, x, dtype, 2, 4)).toDoubleArray();
                for (int i = 0; i < x.length; i++) {
                    // bit equality: +0, never -0
                    assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(out[i]),
                            "relu(" + x[i] + ") " + dtype + " " + layout);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryMatchesNaiveForEveryDtypeAndLayout(UnaryOp op) {
        int[] shape = {3, 5, 4};
        for (DType dtype : FLOATS) {
            double[] x = unaryInputs(op, dtype, numel(shape));
            double[] expected = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                expected[i] = unaryReference(op, x[i]);
            }
            expected = roundTo(dtype, expected);
            for (Layout layout : Layout.values()) {
                Tensor t = withLayout(layout, x, dtype, shape);
                Tensor out = CPU.unary(op, t);
                assertArrayEquals(shape, out.shape());
                assertEquals(dtype, out.dtype());
                assertTrue(out.isContiguous());
                // F64: the JDK's exp/tanh may differ from the engine's formula by a few ulps. GELU:
                // in F64 1 + erf(x/√2) cancels for negative x (as in torch's formula), leaving erf's
                // absolute error of an ulp of 1. F32 GELU, tanh and sigmoid are float kernels, GELU
                // through torch's erfc approximation (|error| < 1.5e-7)
                boolean gelu = op == UnaryOp.GELU || op == UnaryOp.GELU_DERIVATIVE;
                boolean floatKernel = gelu || op == UnaryOp.TANH || op == UnaryOp.SIGMOID;
                double atol = dtype == DType.F32 ? (floatKernel ? 1e-6 : 0) : (gelu ? 4 * Math.ulp(1.0) : 0);
                assertClose(expected, out, rtol(dtype), atol, op + " " + dtype + " " + layout);
            }
        }
    }

    @Test
    void unaryOnAnExpandedInputRepeatsTheBroadcastValues() {
        double[] base = random(16, DType.F64, 4, -2, 2);
        Tensor x = tensor(base, DType.F64, 4, 1).expand(4, 6);
        assertEquals(0, x.stride(1));
        double[] expected = broadcastTo(base, new int[] {4, 1}, new int[] {4, 6});
        for (int i = 0; i < expected.length; i++) {
            expected[i] = Math.exp(expected[i]);
        }
        assertClose(expected, CPU.unary(UnaryOp.EXP, x), 1e-12, 0, "exp of expanded");
    }

    @Test
    void unaryRejectsIntegerTensorsNamingTheOp() {
        Tensor labels = TestTensors.indices(new int[] {1, 2, 3}, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CPU.unary(UnaryOp.EXP, labels));
        assertTrue(e.getMessage().contains("EXP") && e.getMessage().contains("i32"), e.getMessage());
    }

    // ---- binary ----

    private static double binaryReference(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAX -> a >= b ? a : b;
            case MIN -> a <= b ? a : b;
            case RELU_BACKWARD -> b > 0 ? a : 0;
        };
    }

    private static double[] leftInputs(BinaryOp op, DType dtype, int n, long seed) {
        return op == BinaryOp.POW ? random(seed, dtype, n, 0.25, 3) : random(seed, dtype, n, -3, 3);
    }

    private static double[] rightInputs(BinaryOp op, DType dtype, int n, long seed) {
        double[] v = switch (op) {
            case POW -> random(seed, dtype, n, -2.5, 2.5);
            case DIV -> random(seed, dtype, n, 0.5, 3);
            default -> random(seed, dtype, n, -3, 3);
        };
        if (op == BinaryOp.DIV) {
            for (int i = 0; i < n; i += 2) {
                v[i] = -v[i];
            }
        }
        return v;
    }

    private static double[] binaryExpected(BinaryOp op, DType dtype, double[] a, int[] as, double[] b, int[] bs, int[] out) {
        double[] ea = broadcastTo(a, as, out);
        double[] eb = broadcastTo(b, bs, out);
        double[] expected = new double[ea.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = binaryReference(op, ea[i], eb[i]);
        }
        return roundTo(dtype, expected);
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryBroadcastsLikeNumPy(BinaryOp op) {
        for (DType dtype : FLOATS) {
            for (int[][] pair : BROADCASTS) {
                int[] as = pair[0];
                int[] bs = pair[1];
                int[] os = broadcastShape(as, bs);
                double[] a = leftInputs(op, dtype, numel(as), 21);
                double[] b = rightInputs(op, dtype, numel(bs), 22);
                double[] expected = binaryExpected(op, dtype, a, as, b, bs, os);
                for (Layout la : Layout.values()) {
                    for (Layout lb : new Layout[] {Layout.CONTIGUOUS, la}) {
                        String what = op + " " + dtype + " " + Arrays.toString(as) + " " + la + " with "
                                + Arrays.toString(bs) + " " + lb;
                        Tensor out = CPU.binary(op, withLayout(la, a, dtype, as), withLayout(lb, b, dtype, bs));
                        assertArrayEquals(os, out.shape(), what);
                        assertClose(expected, out, rtol(dtype), 0, what);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryReadsExpandedOperandsWithStrideZero(BinaryOp op) {
        for (DType dtype : FLOATS) {
            // a: [3, 1, 5] expanded to [2, 3, 4, 5] (stride 0 on a new leading and an inner dimension)
            double[] a = leftInputs(op, dtype, 15, 31);
            Tensor ta = tensor(a, dtype, 3, 1, 5).expand(2, 3, 4, 5);
            assertEquals(0, ta.stride(0));
            assertEquals(0, ta.stride(2));
            // b: a narrowed, permuted [4, 5] block, so both operands are non-contiguous
            double[] b = rightInputs(op, dtype, 20, 32);
            Tensor tb = withLayout(Layout.PERMUTED_NARROWED, b, dtype, 4, 5);
            int[] os = {2, 3, 4, 5};
            double[] expected = binaryExpected(op, dtype, broadcastTo(a, new int[] {3, 1, 5}, os), os, b, new int[] {4, 5}, os);
            assertClose(expected, CPU.binary(op, ta, tb), rtol(dtype), 0, op + " " + dtype + " expanded");
            assertClose(binaryExpected(op, dtype, b, new int[] {4, 5}, broadcastTo(a, new int[] {3, 1, 5}, os), os, os),
                    CPU.binary(op, tb, ta), rtol(dtype), 0, op + " " + dtype + " expanded, swapped");
        }
    }

    @Test
    void shapesThatDoNotBroadcastGiveAnErrorNamingBoth() {
        Tensor a = tensor(new double[6], DType.F32, 2, 3);
        Tensor b = tensor(new double[4], DType.F32, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CPU.binary(BinaryOp.ADD, a, b));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> CPU.compare(CompareOp.LT, b, a));
        assertTrue(c.getMessage().contains("[2, 3]") && c.getMessage().contains("[4]"), c.getMessage());
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(w.getMessage().contains("[2, 3]") && w.getMessage().contains("[4]"), w.getMessage());
    }

    @Test
    void mixedDtypesGiveAnErrorNamingBoth() {
        Tensor a = tensor(new double[3], DType.F32, 3);
        Tensor b = tensor(new double[3], DType.F64, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CPU.binary(BinaryOp.MUL, a, b));
        assertTrue(e.getMessage().contains("f32") && e.getMessage().contains("f64"), e.getMessage());
    }

    // ---- compare and where ----

    private static boolean compareReference(CompareOp op, double a, double b) {
        return switch (op) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
        };
    }

    @ParameterizedTest
    @EnumSource(CompareOp.class)
    void compareGivesOnesAndZerosWithBroadcasting(CompareOp op) {
        for (DType dtype : new DType[] {DType.F32, DType.F64, DType.I32}) {
            for (int[][] pair : BROADCASTS) {
                int[] as = pair[0];
                int[] bs = pair[1];
                int[] os = broadcastShape(as, bs);
                // small integers so that equal pairs are common
                double[] a = randomIntegers(41, numel(as), -2, 2);
                double[] b = randomIntegers(42, numel(bs), -2, 2);
                double[] ea = broadcastTo(a, as, os);
                double[] eb = broadcastTo(b, bs, os);
                double[] expected = new double[ea.length];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = compareReference(op, ea[i], eb[i]) ? 1 : 0;
                }
                for (Layout layout : Layout.values()) {
                    String what = op + " " + dtype + " " + Arrays.toString(as) + " vs " + Arrays.toString(bs) + " " + layout;
                    Tensor out = CPU.compare(op, withLayout(layout, a, dtype, as), withLayout(Layout.CONTIGUOUS, b, dtype, bs));
                    assertArrayEquals(os, out.shape(), what);
                    assertEquals(dtype, out.dtype(), what);
                    assertArrayEquals(expected, out.toDoubleArray(), what);
                }
            }
        }
    }

    @Test
    void whereSelectsWithBroadcastingAndTreatsAnyNonZeroAsTrue() {
        for (DType dtype : FLOATS) {
            int[] cs = {3, 1};
            int[] as = {1, 4};
            int[] bs = {2, 3, 4};
            int[] os = {2, 3, 4};
            double[] c = {0, -2.5, 1};
            double[] a = random(51, dtype, 4, -1, 1);
            double[] b = random(52, dtype, 24, -1, 1);
            double[] ec = broadcastTo(c, cs, os);
            double[] ea = broadcastTo(a, as, os);
            double[] eb = broadcastTo(b, bs, os);
            double[] expected = new double[24];
            for (int i = 0; i < 24; i++) {
                expected[i] = ec[i] != 0 ? ea[i] : eb[i];
            }
            for (Layout layout : Layout.values()) {
                Tensor out = CPU.where(withLayout(layout, c, dtype, cs), withLayout(layout, a, dtype, as),
                        withLayout(layout, b, dtype, bs));
                assertArrayEquals(os, out.shape());
                assertEquals(dtype, out.dtype());
                assertArrayEquals(expected, out.toDoubleArray(), "where " + dtype + " " + layout);
            }
            // an I32 condition selects between floating-point values of the operands' dtype
            Tensor out = CPU.where(TestTensors.indices(new int[] {0, 7, 0}, 3, 1), tensor(a, dtype, as), tensor(b, dtype, bs));
            assertEquals(dtype, out.dtype());
            double[] expectedI = new double[24];
            for (int i = 0; i < 24; i++) {
                expectedI[i] = (i / 4) % 3 == 1 ? ea[i] : eb[i];
            }
            assertArrayEquals(expectedI, out.toDoubleArray());
        }
    }

    @Test
    void emptyTensorsGiveEmptyResultsOfTheBroadcastShape() {
        Tensor empty = CPU.empty(DType.F32, 0, 3);
        Tensor row = tensor(new double[] {1, 2, 3}, DType.F32, 3);
        assertArrayEquals(new int[] {0, 3}, CPU.binary(BinaryOp.ADD, empty, row).shape());
        assertArrayEquals(new int[] {2, 0, 3}, CPU.binary(BinaryOp.MUL, CPU.empty(DType.F32, 2, 1, 1), empty).shape());
        assertArrayEquals(new int[] {0, 3}, CPU.unary(UnaryOp.EXP, empty).shape());
        assertArrayEquals(new int[] {0, 3}, CPU.compare(CompareOp.EQ, row, empty).shape());
        assertEquals(0, CPU.where(empty, row, row).numel());
    }

    @Test
    void copyConvertsBetweenDtypesAndLayouts() {
        double[] v = {-2.7, -0.5, 0, 0.5, 1.49, 3.99};
        Tensor src = withLayout(Layout.PERMUTED_NARROWED, v, DType.F64, 2, 3);
        Tensor f32 = CPU.empty(DType.F32, 2, 3);
        CPU.copy(src, f32);
        assertArrayEquals(roundTo(DType.F32, v), f32.toDoubleArray());
        Tensor i32 = CPU.empty(DType.I32, 2, 3);
        CPU.copy(src, i32);
        // conversion to an integer truncates toward zero, as a Java (int) cast and torch's .to(torch.int32)
        assertArrayEquals(new int[] {-2, 0, 0, 0, 1, 3}, i32.toIntArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CPU.copy(src, CPU.empty(DType.F64, 3, 2)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
    }
}
