package dev.lathe.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.NativeResources;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * GEMM on the storages' arrays in place ({@link HeapBlas}) against the same OpenBLAS call on packed
 * copies in native memory (the path used where the library is missing): the same bits, for operands
 * at offsets inside longer arrays, with long row strides, transposed, with beta != 0, and large
 * enough to be split over the workers; products split along k against a plain double sum (their
 * halves are summed apart, so their bits differ from one call's). {@code MatmulTest} checks the
 * values against a naive loop.
 */
class HeapBlasTest {

    @Test
    void theBuildsLibraryLoadsWhereTheJarHoldsIt() {
        boolean built = NativeResources.exists("dev/lathe/native/cpu/linux-x86_64/liblathe_heap_blas.so");
        boolean linuxX64 = System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64");
        if (built && linuxX64) {
            assertTrue(HeapBlas.available(), HeapBlas.problem());
            assertNull(HeapBlas.problem());
        } else {
            System.out.println("HeapBlasTest: no in-place GEMM library for this platform or build: " + HeapBlas.problem());
            assertTrue(!HeapBlas.available() && HeapBlas.problem() != null);
        }
    }

    @Test
    void inPlaceF32GivesTheStagedBits() {
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                compare(DType.F32, transA, transB, 256, 130, 300, 0.0);
                compare(DType.F32, transA, transB, 7, 5, 3, 0.5);
            }
        }
    }

    @Test
    void inPlaceF64GivesTheStagedBits() {
        compare(DType.F64, false, true, 256, 130, 300, 0.0);
        compare(DType.F64, true, false, 9, 4, 6, -1.5);
    }

    @Test
    void productsSplitAlongTheSumKeepBetaOnce() {
        // 64 x 64 x 2100 is split into two products over the halves of k; c's old values count once
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                SplittableRandom random = new SplittableRandom(77 + (transA ? 1 : 0) + (transB ? 2 : 0));
                int m = 64;
                int n = 64;
                int k = 2100;
                Blas.Matrix a = matrix(DType.F64, random, transA ? k : m, transA ? m : k, 3, 2);
                Blas.Matrix b = matrix(DType.F64, random, transB ? n : k, transB ? k : n, 3, 2);
                Blas.Matrix c = matrix(DType.F64, random, m, n, 3, 2);
                double[] expected = new double[m * n];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double sum = 0;
                        for (int t = 0; t < k; t++) {
                            double x = transA ? at(a, t, i) : at(a, i, t);
                            double y = transB ? at(b, j, t) : at(b, t, j);
                            sum += x * y;
                        }
                        expected[i * n + j] = 1.25 * sum - 0.5 * at(c, i, j);
                    }
                }
                Blas.gemm(transA, transB, 1.25, a, b, -0.5, c);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        assertEquals(expected[i * n + j], at(c, i, j), 1e-10, "transA " + transA + " transB " + transB + " at " + i + ", " + j);
                    }
                }
            }
        }
    }

    private static double at(Blas.Matrix x, int row, int col) {
        return x.storage().get(x.offset() + row * x.ld() + col);
    }

    /** C (m x n) = 1.25 op(A) op(B) + beta C with every matrix 3 elements into its array and rows 2 longer than needed. */
    private static void compare(DType dtype, boolean transA, boolean transB, int m, int n, int k, double beta) {
        SplittableRandom random = new SplittableRandom(m * 31L + n * 7L + k + (transA ? 1 : 0) + (transB ? 2 : 0));
        int offset = 3;
        int pad = 2;
        Blas.Matrix a = matrix(dtype, random, transA ? k : m, transA ? m : k, offset, pad);
        Blas.Matrix b = matrix(dtype, random, transB ? n : k, transB ? k : n, offset, pad);
        Blas.Matrix c = matrix(dtype, random, m, n, offset, pad);
        Blas.Staged sa = packed(a);
        Blas.Staged sb = packed(b);
        Blas.Staged sc = packed(c);
        Blas.gemm(transA, transB, 1.25, a, b, beta, c);
        Blas.gemm(dtype, transA, transB, m, n, k, 1.25, sa, sb, beta, sc);
        double[] inPlace = new double[m * n];
        double[] staged = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                inPlace[i * n + j] = c.storage().get(c.offset() + i * c.ld() + j);
                staged[i * n + j] = dtype == DType.F32 ? sc.buffer().getFloat((i * n + j) * 4) : sc.buffer().getDouble((i * n + j) * 8);
            }
        }
        assertArrayEquals(staged, inPlace, 0.0, dtype + " " + m + "x" + n + "x" + k + " transA " + transA + " transB " + transB);
    }

    /** rows x cols of random values at {@code offset} in a longer array, rows {@code cols + pad} apart. */
    private static Blas.Matrix matrix(DType dtype, SplittableRandom random, int rows, int cols, int offset, int pad) {
        int ld = cols + pad;
        CpuStorage storage = CpuStorage.allocate(dtype, offset + rows * ld + 1);
        for (int i = 0; i < storage.size(); i++) {
            storage.set(i, random.nextDouble(-1, 1));
        }
        return new Blas.Matrix(storage, offset, rows, cols, ld);
    }

    /** The matrix packed (row stride = cols) into native memory. */
    private static Blas.Staged packed(Blas.Matrix x) {
        int bytes = x.storage().dtype().byteSize();
        ByteBuffer buffer = ByteBuffer.allocateDirect(x.rows() * x.cols() * bytes).order(ByteOrder.nativeOrder());
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.cols(); j++) {
                double v = x.storage().get(x.offset() + i * x.ld() + j);
                if (bytes == 4) {
                    buffer.putFloat((i * x.cols() + j) * 4, (float) v);
                } else {
                    buffer.putDouble((i * x.cols() + j) * 8, v);
                }
            }
        }
        return new Blas.Staged(buffer, 0, x.cols());
    }
}
