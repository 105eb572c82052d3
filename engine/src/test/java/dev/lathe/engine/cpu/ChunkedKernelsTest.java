package dev.lathe.engine.cpu;

import static dev.lathe.engine.TestTensors.broadcastTo;
import static dev.lathe.engine.TestTensors.random;
import static dev.lathe.engine.TestTensors.roundTo;
import static dev.lathe.engine.TestTensors.tensor;
import static dev.lathe.engine.TestTensors.withLayout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.TestTensors.Layout;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.backend.Backends;
import dev.lathe.engine.backend.BinaryOp;
import dev.lathe.engine.backend.ReduceOp;
import dev.lathe.engine.backend.UnaryOp;
import org.junit.jupiter.api.Test;

/**
 * The chunked elementwise kernels and the block reductions on tensors large enough to span many
 * chunks and worker threads: bit for bit what the ops' reference definitions give element by
 * element in double precision, and what the strided reduction gives on the same values laid out
 * non-contiguously, for F32 and F64.
 */
class ChunkedKernelsTest {

    private static final Backend CPU = Backends.cpu();
    private static final DType[] FLOATS = {DType.F32, DType.F64};
    /** 37 x 1500 elements: runs longer than a chunk, and enough work to split across threads. */
    private static final int ROWS = 37;
    private static final int COLS = 1500;

    /** Reference values rounded to the dtype, as the kernels must store them. */
    private static double[] expected(DType dtype, double[] values) {
        return roundTo(dtype, values);
    }

    @Test
    void unaryOpsMatchTheirDefinitionOnEveryLayout() {
        int[] shape = {ROWS, COLS};
        for (DType dtype : FLOATS) {
            double[] x = roundTo(dtype, random(1, dtype, ROWS * COLS, -3, 3));
            for (UnaryOp op : UnaryOp.values()) {
                double[] want = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    want[i] = op.apply(x[i]);
                }
                // F32 exp, GELU, tanh and sigmoid are float kernels (GELU through torch's erfc
                // approximation, |error| < 1.5e-7): close to the definition, the same bits whatever the layout
                boolean approximate = dtype == DType.F32 && (op == UnaryOp.EXP || op == UnaryOp.GELU
                        || op == UnaryOp.GELU_DERIVATIVE || op == UnaryOp.TANH || op == UnaryOp.SIGMOID);
                double[] contiguous = null;
                for (Layout layout : Layout.values()) {
                    try (Tensor t = withLayout(layout, x, dtype, shape); Tensor out = CPU.unary(op, t)) {
                        if (!approximate) {
                            assertArrayEquals(expected(dtype, want), out.toDoubleArray(), op + " " + dtype + " " + layout);
                            continue;
                        }
                        double[] got = out.toDoubleArray();
                        for (int i = 0; i < got.length; i++) {
                            double tolerance = 1e-6 * Math.max(1, Math.abs(want[i]));
                            assertTrue(Math.abs(got[i] - want[i]) <= tolerance,
                                    op + " " + dtype + " " + layout + " at " + i + ": " + got[i] + " against " + want[i]);
                        }
                        if (contiguous == null) {
                            contiguous = got;
                        }
                        assertArrayEquals(contiguous, got, op + " " + dtype + " " + layout + " against contiguous");
                    }
                }
            }
        }
    }

    @Test
    void binaryOpsMatchTheirDefinitionForFullRowColumnAndScalarOperands() {
        int[] shape = {ROWS, COLS};
        int[][] otherShapes = {{ROWS, COLS}, {COLS}, {ROWS, 1}, {}};
        for (DType dtype : FLOATS) {
            double[] x = roundTo(dtype, random(2, dtype, ROWS * COLS, -3, 3));
            for (int[] otherShape : otherShapes) {
                double[] y = roundTo(dtype, random(3, dtype, dev.lathe.engine.TestTensors.numel(otherShape), 0.5, 2));
                double[] yFull = broadcastTo(y, otherShape, shape);
                for (BinaryOp op : BinaryOp.values()) {
                    double[] want = new double[x.length];
                    double[] wantSwapped = new double[x.length];
                    for (int i = 0; i < x.length; i++) {
                        want[i] = op.apply(x[i], yFull[i]);
                        wantSwapped[i] = op.apply(yFull[i], x[i]);
                    }
                    for (Layout layout : new Layout[] {Layout.CONTIGUOUS, Layout.PERMUTED_NARROWED}) {
                        String what = op + " " + dtype + " [" + ROWS + ", " + COLS + "] with " + java.util.Arrays.toString(otherShape)
                                + " " + layout;
                        try (Tensor a = withLayout(layout, x, dtype, shape); Tensor b = withLayout(layout, y, dtype, otherShape);
                             Tensor out = CPU.binary(op, a, b); Tensor swapped = CPU.binary(op, b, a)) {
                            assertArrayEquals(expected(dtype, want), out.toDoubleArray(), what);
                            assertArrayEquals(expected(dtype, wantSwapped), swapped.toDoubleArray(), what + ", swapped");
                        }
                    }
                }
            }
        }
    }

    @Test
    void copiesKeepEveryValueAcrossLayoutsAndDtypes() {
        int[] shape = {ROWS, COLS};
        double[] x = roundTo(DType.F32, random(4, DType.F64, ROWS * COLS, -100, 100));
        for (DType from : FLOATS) {
            for (DType to : FLOATS) {
                for (Layout layout : Layout.values()) {
                    try (Tensor src = withLayout(layout, x, from, shape); Tensor dst = CPU.empty(to, shape)) {
                        CPU.copy(src, dst);
                        assertArrayEquals(x, dst.toDoubleArray(), from + " -> " + to + " " + layout);
                    }
                }
            }
        }
    }

    @Test
    void blockReductionsEqualTheStridedReductionOfTheSameValues() {
        // reductions over [1, 2, 3] read rows longer than a chunk, over [0] rows of columns wider than one
        int[] shape = {2, 1030, 3, 40};
        int[][] axesSets = {{3}, {2, 3}, {1, 2, 3}, {0}, {0, 1}, {1}, {1, 2}, {0, 1, 2, 3}};
        for (DType dtype : FLOATS) {
            double[] x = roundTo(dtype, random(5, dtype, dev.lathe.engine.TestTensors.numel(shape), -2, 2));
            try (Tensor contiguous = tensor(x, dtype, shape); Tensor strided = withLayout(Layout.PERMUTED, x, dtype, shape)) {
                for (ReduceOp op : ReduceOp.values()) {
                    for (int[] axes : axesSets) {
                        for (boolean keepDims : new boolean[] {false, true}) {
                            String what = op + " " + dtype + " over " + java.util.Arrays.toString(axes) + " keepDims " + keepDims;
                            try (Tensor block = CPU.reduce(op, contiguous, axes, keepDims);
                                 Tensor reference = CPU.reduce(op, strided, axes, keepDims)) {
                                assertArrayEquals(reference.shape(), block.shape(), what + ": shape");
                                assertArrayEquals(reference.toDoubleArray(), block.toDoubleArray(), what);
                            }
                        }
                    }
                }
            }
        }
    }
}
