package dev.lathe.engine.cuda;

import dev.lathe.engine.Shapes;
import java.util.Arrays;

/**
 * The arguments of one cublasSgemmStridedBatched call computing a row-major batched product
 * C[..., m, n] = A[..., m, k] · B[..., k, n] on the operands' own strides.
 *
 * <p>cuBLAS is column-major, and a row-major matrix read column-major is its transpose; so the call
 * computes Cᵀ = Bᵀ·Aᵀ: cuBLAS's first operand is B, its second A, its m and n are swapped, and C
 * (contiguous, row-major) is read back as Cᵀ with leading dimension n. An operand stored row-major
 * (unit column stride) is passed untransposed with its row stride as leading dimension; one stored
 * column-major (a transposed view: unit row stride) is passed transposed with its column stride.
 * The batch dimensions, broadcast to the output's, must step through memory with one stride per
 * operand (0 for a fully broadcast operand); anything else needs a contiguous copy first.
 */
public record GemmPlan(int m, int n, int k, int batchCount, Operand a, Operand b, int[] outShape) {

    /** How cuBLAS reads one row-major operand: transposed or not, its leading dimension, its batch stride (elements). */
    public record Operand(boolean transposed, int leading, long batchStride) {
    }

    /**
     * The plan, with a null operand where that operand's strides need a contiguous copy of the
     * operand broadcast to the output's batch dimensions ({@link #expandedShape}).
     */
    public static GemmPlan of(int[] aShape, int[] aStrides, int[] bShape, int[] bStrides) {
        if (aShape.length < 2 || bShape.length < 2) {
            throw new IllegalArgumentException("matmul needs operands of rank >= 2, got [" + Shapes.format(aShape) + "] and ["
                    + Shapes.format(bShape) + "]");
        }
        int m = aShape[aShape.length - 2];
        int k = aShape[aShape.length - 1];
        int n = bShape[bShape.length - 1];
        if (bShape[bShape.length - 2] != k) {
            throw new IllegalArgumentException("matmul: inner dimensions differ in [" + Shapes.format(aShape) + "] @ ["
                    + Shapes.format(bShape) + "]");
        }
        int[] batch = Shapes.broadcast(batchOf(aShape), batchOf(bShape));
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        return new GemmPlan(m, n, k, Shapes.numel(batch), operand(aShape, aStrides, batch), operand(bShape, bStrides, batch), outShape);
    }

    /** The operand's shape with its batch dimensions broadcast to the output's: what a fallback copy holds. */
    public int[] expandedShape(int[] operandShape) {
        int[] shape = Arrays.copyOf(outShape, outShape.length);
        shape[shape.length - 2] = operandShape[operandShape.length - 2];
        shape[shape.length - 1] = operandShape[operandShape.length - 1];
        return shape;
    }

    private static int[] batchOf(int[] shape) {
        return Arrays.copyOf(shape, shape.length - 2);
    }

    /** How cuBLAS reads the operand in place, or null if it cannot. */
    static Operand operand(int[] shape, int[] strides, int[] batch) {
        int rank = shape.length;
        int rows = shape[rank - 2];
        int cols = shape[rank - 1];
        int rowStride = strides[rank - 2];
        int colStride = strides[rank - 1];
        Long batchStride = batchStride(Shapes.broadcastStrides(batchOf(shape), Arrays.copyOf(strides, rank - 2), batch), batch);
        if (batchStride == null) {
            return null;
        }
        if (colStride == 1 && (rows == 1 || rowStride >= Math.max(cols, 1))) {
            return new Operand(false, rows == 1 ? Math.max(cols, 1) : rowStride, batchStride);
        }
        if (rowStride == 1 && (cols == 1 || colStride >= Math.max(rows, 1))) {
            return new Operand(true, cols == 1 ? Math.max(rows, 1) : colStride, batchStride);
        }
        return null;
    }

    /** The one stride that steps through all batch entries in row-major order, or null if there is none. */
    static Long batchStride(int[] strides, int[] batch) {
        long stride = 0;
        long inner = 0; // entries spanned by the dimensions after d; 0 until one of size > 1 is seen
        for (int d = batch.length - 1; d >= 0; d--) {
            if (batch[d] == 1) {
                continue;
            }
            if (inner == 0) {
                stride = strides[d];
                inner = batch[d];
            } else if (strides[d] != stride * inner) {
                return null;
            } else {
                inner *= batch[d];
            }
        }
        return stride;
    }
}
