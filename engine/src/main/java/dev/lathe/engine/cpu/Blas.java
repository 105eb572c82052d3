package dev.lathe.engine.cpu;

import dev.lathe.engine.DType;
import dev.lathe.engine.Tensor;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Row-major GEMM through OpenBLAS (JavaCPP's build, bundled for the platform):
 * {@code C[m,n] = alpha * op(A) * op(B) + beta * C}, either on CPU storages, read and written in
 * place ({@link HeapBlas}) or, where that library is missing, staged through native memory
 * ({@link Staging}); or on matrices a kernel has already staged itself.
 *
 * <p>OpenBLAS runs single-threaded; a large product is split into slabs of C computed on the
 * CPU backend's own workers. With OpenBLAS's threads as well, its idle threads spin for a while
 * after each call and take the cores from the backend's workers (mlp-fashion trained at a third
 * of its single-thread speed on two threads).
 */
final class Blas {

    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    /**
     * A product below this many flops (about 0.2 ms on one core) runs on the calling thread, where
     * waking a worker and waiting for the slower slab would cost more than the second core saves.
     * mlp-fashion's 26-MFLOP products are above it: split, they trained 2-24 % and inferred up to
     * 48 % faster in alternating runs (with workers that spin between loops and a caller that
     * claims unstarted slabs; before those, splitting them lost).
     */
    private static final long MIN_SPLIT_FLOPS = 1L << 24;
    /** Slab edges fall on multiples of this, so every slab keeps OpenBLAS's full-width kernels. */
    private static final int SLAB_ALIGN = 16;
    /** Products whose k is at least this many times their larger side are split along k ({@link #splitsDepth}). */
    private static final int DEPTH_SPLIT_RATIO = 4;
    private static volatile boolean singleThreaded;

    private Blas() {
    }

    /** A matrix of {@code rows x cols} stored row-major from {@code offset} with row stride {@code ld}. */
    record Matrix(CpuStorage storage, int offset, int rows, int cols, int ld) {
    }

    /** A matrix in native memory: its first element's index in {@code buffer} and its row stride. */
    record Staged(ByteBuffer buffer, int offset, int ld) {
    }

    /**
     * {@code c = alpha * op(a) * op(b) + beta * c}, where op transposes when asked; {@code a} and
     * {@code b} are described as stored (before op).
     */
    static void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        int m = c.rows();
        int n = c.cols();
        int k = transA ? a.rows() : a.cols();
        DType dtype = c.storage().dtype();
        if (a.storage().dtype() != dtype || b.storage().dtype() != dtype || dtype == DType.I32) {
            throw new IllegalArgumentException("matrix products need F32 or F64 operands of one dtype, got "
                    + a.storage().dtype() + ", " + b.storage().dtype() + " -> " + dtype);
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            // an empty sum: C = beta * C. Staging the empty operands would fail: their zero-length
            // rows start past the end of their (empty) arrays.
            CpuStorage cs = c.storage();
            forEachRun(c, (offset, length, at) -> {
                for (int i = offset; i < offset + length; i++) {
                    cs.set(i, beta == 0 ? 0 : beta * cs.get(i));
                }
            });
            return;
        }
        if (HeapBlas.available() && inPlace(a) && inPlace(b) && inPlace(c)) {
            useOneBlasThread();
            if (splitsDepth(m, n, k)) {
                inDepthHalves(transA, transB, k, alpha, a, b, beta, c);
                return;
            }
            inSlabs(m, n, k, (r0, r1, c0, c1) -> onArrays(transA, transB, r0, r1, c0, c1, k, alpha, a, b, beta, c));
            return;
        }
        Staged sb = stage(b, Staging.Slot.B);
        if (beta == 0 && !transA && splitsRows(m, n, k)) {
            // each slab's rows of A are staged, and its rows of C unstaged, by the thread that
            // computes it: staged up front, the copies ran on one thread while the other waited
            useOneBlasThread();
            inSlabs(m, n, k, (r0, r1, c0, c1) -> {
                int rows = r1 - r0;
                Staged slabA = stage(new Matrix(a.storage(), a.offset() + r0 * a.ld(), rows, k, a.ld()), Staging.Slot.A);
                Staged slabC = new Staged(Staging.buffer(Staging.Slot.C, dtype, (long) rows * n), 0, n);
                gemm(dtype, false, transB, rows, n, k, alpha, slabA, sb, 0, slabC);
                forEachRun(new Matrix(c.storage(), c.offset() + r0 * c.ld(), rows, n, c.ld()),
                        (offset, length, at) -> Staging.get(slabC.buffer(), at, c.storage(), offset, length));
            });
            return;
        }
        Staged sa = stage(a, Staging.Slot.A);
        Staged sc = beta != 0 ? stage(c, Staging.Slot.C) : new Staged(Staging.buffer(Staging.Slot.C, dtype, (long) m * n), 0, n);
        gemm(dtype, transA, transB, m, n, k, alpha, sa, sb, beta, sc);
        forEachRun(c, (offset, length, at) -> Staging.get(sc.buffer(), at, c.storage(), offset, length));
    }

    /** {@code c = alpha * op(a) * op(b) + beta * c} on staged matrices: op(a) is m x k, op(b) k x n. */
    static void gemm(DType dtype, boolean transA, boolean transB, int m, int n, int k, double alpha, Staged a, Staged b,
            double beta, Staged c) {
        useOneBlasThread();
        int ta = transA ? TRANS : NO_TRANS;
        int tb = transB ? TRANS : NO_TRANS;
        inSlabs(m, n, k, (r0, r1, c0, c1) -> {
            int aAt = a.offset() + (transA ? r0 : r0 * a.ld());
            int bAt = b.offset() + (transB ? c0 * b.ld() : c0);
            int cAt = c.offset() + r0 * c.ld() + c0;
            if (dtype == DType.F32) {
                openblas_nolapack.cblas_sgemm(ROW_MAJOR, ta, tb, r1 - r0, c1 - c0, k, (float) alpha, floats(a.buffer(), aAt),
                        a.ld(), floats(b.buffer(), bAt), b.ld(), (float) beta, floats(c.buffer(), cAt), c.ld());
            } else {
                openblas_nolapack.cblas_dgemm(ROW_MAJOR, ta, tb, r1 - r0, c1 - c0, k, alpha, doubles(a.buffer(), aAt),
                        a.ld(), doubles(b.buffer(), bAt), b.ld(), beta, doubles(c.buffer(), cAt), c.ld());
            }
        });
    }

    /** Whether BLAS can read a matrix where it is stored: its rows lie at least a row's length apart. */
    private static boolean inPlace(Matrix x) {
        return leading(x) >= Math.max(1, x.cols());
    }

    /** The row stride to give BLAS: any stride fits a single row, which BLAS still wants at least as long as the row. */
    private static int leading(Matrix x) {
        return x.rows() == 1 ? Math.max(1, x.cols()) : x.ld();
    }

    /** Rows [r0, r1) x columns [c0, c1) of {@code c = alpha * op(a) * op(b) + beta * c}, on the storages' arrays ({@link HeapBlas}). */
    private static void onArrays(boolean transA, boolean transB, int r0, int r1, int c0, int c1, int k, double alpha, Matrix a,
            Matrix b, double beta, Matrix c) {
        int lda = leading(a);
        int ldb = leading(b);
        int ldc = leading(c);
        int aAt = a.offset() + (transA ? r0 : r0 * lda);
        int bAt = b.offset() + (transB ? c0 * ldb : c0);
        int cAt = c.offset() + r0 * ldc + c0;
        int ta = transA ? TRANS : NO_TRANS;
        int tb = transB ? TRANS : NO_TRANS;
        if (c.storage() instanceof CpuStorage.F32 cf) {
            HeapBlas.sgemm(ROW_MAJOR, ta, tb, r1 - r0, c1 - c0, k, (float) alpha, ((CpuStorage.F32) a.storage()).data(), aAt, lda,
                    ((CpuStorage.F32) b.storage()).data(), bAt, ldb, (float) beta, cf.data(), cAt, ldc);
        } else {
            HeapBlas.dgemm(ROW_MAJOR, ta, tb, r1 - r0, c1 - c0, k, alpha, ((CpuStorage.F64) a.storage()).data(), aAt, lda,
                    ((CpuStorage.F64) b.storage()).data(), bAt, ldb, beta, ((CpuStorage.F64) c.storage()).data(), cAt, ldc);
        }
    }

    /**
     * Whether {@link #inDepthHalves} computes an m x n x k product: a long sum for a small result
     * (mlp-fashion's 128 x 784 x 128 layer). Split by rows or columns, each worker packs the whole
     * of the operand it shares with the other, and OpenBLAS's packing was a fifth of that product's
     * time; split along k, each packs half of both.
     */
    private static boolean splitsDepth(int m, int n, int k) {
        return splits(m, n, k) && k >= DEPTH_SPLIT_RATIO * Math.max(m, n);
    }

    /**
     * {@code c = alpha * op(a) * op(b) + beta * c} as two products over the halves of k, in
     * parallel: the first onto c, the second into a buffer that is then added onto c. The sum's
     * rounding depends on the split, as any blocked GEMM's does, and the split on the thread count
     * only.
     */
    private static void inDepthHalves(boolean transA, boolean transB, int k, double alpha, Matrix a, Matrix b, double beta,
            Matrix c) {
        int m = c.rows();
        int n = c.cols();
        int half = Math.min(k - 1, (k / 2 + SLAB_ALIGN - 1) / SLAB_ALIGN * SLAB_ALIGN);
        DType dtype = c.storage().dtype();
        try (Tensor secondHalf = Tensor.wrap(CpuStorage.allocateUninitialized(dtype, m * n), m, n)) {
            CpuStorage second = CpuStorage.of(secondHalf);
            Parallel.forRange(2, m * (long) n * k, (h0, h1) -> {
                for (int h = h0; h < h1; h++) {
                    int k0 = h == 0 ? 0 : half;
                    int k1 = h == 0 ? half : k;
                    Matrix aPart = transA ? new Matrix(a.storage(), a.offset() + k0 * a.ld(), k1 - k0, a.cols(), a.ld())
                            : new Matrix(a.storage(), a.offset() + k0, a.rows(), k1 - k0, a.ld());
                    Matrix bPart = transB ? new Matrix(b.storage(), b.offset() + k0, b.rows(), k1 - k0, b.ld())
                            : new Matrix(b.storage(), b.offset() + k0 * b.ld(), k1 - k0, b.cols(), b.ld());
                    Matrix cPart = h == 0 ? c : new Matrix(second, 0, m, n, n);
                    onArrays(transA, transB, 0, m, 0, n, k1 - k0, alpha, aPart, bPart, h == 0 ? beta : 0, cPart);
                }
            });
            for (int r = 0; r < m; r++) {
                c.storage().addRun(second, r * n, c.offset() + r * c.ld(), n);
            }
        }
    }

    /** Computes the block rows [r0, r1) x columns [c0, c1) of C. */
    @FunctionalInterface
    private interface Slab {
        void compute(int r0, int r1, int c0, int c1);
    }

    /** Whether {@link #inSlabs} splits an m x n x k product. */
    private static boolean splits(int m, int n, int k) {
        int blocks = (Math.max(m, n) + SLAB_ALIGN - 1) / SLAB_ALIGN;
        return Parallel.threads() > 1 && 2L * m * n * k >= MIN_SPLIT_FLOPS && blocks >= 2;
    }

    /** Whether {@link #inSlabs} splits an m x n x k product into slabs of whole rows. */
    private static boolean splitsRows(int m, int n, int k) {
        return m >= n && splits(m, n, k);
    }

    /** Runs {@code slab} over all of C, split along its longer side across the backend's workers when large enough. */
    private static void inSlabs(int m, int n, int k, Slab slab) {
        if (!splits(m, n, k)) {
            slab.compute(0, m, 0, n);
            return;
        }
        int longer = Math.max(m, n);
        int blocks = (longer + SLAB_ALIGN - 1) / SLAB_ALIGN;
        long flops = 2L * m * n * k;
        Parallel.forRange(blocks, flops / blocks, (b0, b1) -> {
            int from = b0 * SLAB_ALIGN;
            int to = Math.min(longer, b1 * SLAB_ALIGN);
            if (m >= n) {
                slab.compute(from, to, 0, n);
            } else {
                slab.compute(0, m, from, to);
            }
        });
    }

    /** The staged floats from element {@code at} on (a view: JavaCPP passes the view's address, not its position). */
    private static FloatBuffer floats(ByteBuffer staged, int at) {
        FloatBuffer all = staged.asFloatBuffer();
        return at == 0 ? all : all.slice(at, all.limit() - at);
    }

    private static DoubleBuffer doubles(ByteBuffer staged, int at) {
        DoubleBuffer all = staged.asDoubleBuffer();
        return at == 0 ? all : all.slice(at, all.limit() - at);
    }

    /** Receives one run of a matrix's elements: where it starts in the storage, its length, and where it starts packed. */
    @FunctionalInterface
    private interface Run {
        void copy(int offset, int length, int packedAt);
    }

    /** Visits a matrix as runs of contiguous elements: one run when its rows are packed, else one per row. */
    private static void forEachRun(Matrix m, Run run) {
        if (m.ld() == m.cols()) {
            run.copy(m.offset(), m.rows() * m.cols(), 0);
            return;
        }
        for (int r = 0; r < m.rows(); r++) {
            run.copy(m.offset() + r * m.ld(), m.cols(), r * m.cols());
        }
    }

    /** Copies a matrix, packed, into this thread's buffer for {@code slot}. */
    private static Staged stage(Matrix m, Staging.Slot slot) {
        ByteBuffer buffer = Staging.buffer(slot, m.storage().dtype(), (long) m.rows() * m.cols());
        forEachRun(m, (offset, length, at) -> Staging.put(m.storage(), offset, buffer, at, length));
        return new Staged(buffer, 0, Math.max(m.cols(), 1));
    }

    /** Parallelism comes from {@link #inSlabs}; OpenBLAS's own threads would compete with it. */
    private static void useOneBlasThread() {
        if (!singleThreaded) {
            synchronized (Blas.class) {
                openblas_nolapack.blas_set_num_threads(1);
                singleThreaded = true;
            }
        }
    }
}
