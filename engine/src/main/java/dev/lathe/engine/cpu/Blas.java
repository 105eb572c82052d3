package dev.lathe.engine.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Row-major GEMM on CPU storages through OpenBLAS (JavaCPP's build, bundled for the platform):
 * {@code C[m,n] = alpha * op(A) * op(B) + beta * C}.
 *
 * <p>Operands are staged through per-thread direct buffers rather than handed over as Java
 * arrays: JavaCPP would copy each whole array in and out per call (Get/Release*ArrayElements),
 * and mishandles heap buffers whose array offset is not zero. Staging copies only the matrices
 * involved, which is small against the O(mnk) product.
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

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /**
     * A product below this many flops (about half a millisecond on one core) runs on the calling
     * thread: waking a worker and waiting for the slower slab cost more than the second core saved
     * on mlp-fashion's 26-MFLOP products.
     */
    private static final long MIN_SPLIT_FLOPS = 1L << 26;
    /** Slab edges fall on multiples of this, so every slab keeps OpenBLAS's full-width kernels. */
    private static final int SLAB_ALIGN = 16;
    private static volatile boolean singleThreaded;

    private Blas() {
    }

    /** Growable native staging memory for the three operands. */
    private static final class Scratch {
        private ByteBuffer a = ByteBuffer.allocateDirect(0);
        private ByteBuffer b = ByteBuffer.allocateDirect(0);
        private ByteBuffer c = ByteBuffer.allocateDirect(0);

        static ByteBuffer fit(ByteBuffer current, long bytes) {
            if (current.capacity() >= bytes) {
                return current.clear();
            }
            if (bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("matrix of " + bytes + " bytes is too large for one GEMM");
            }
            long grown = Math.min(Integer.MAX_VALUE, Math.max(bytes, current.capacity() * 3L / 2));
            return ByteBuffer.allocateDirect((int) grown).order(ByteOrder.nativeOrder());
        }
    }

    /** A matrix of {@code rows x cols} stored row-major from {@code offset} with row stride {@code ld}. */
    record Matrix(CpuStorage storage, int offset, int rows, int cols, int ld) {
    }

    /**
     * {@code c = alpha * op(a) * op(b) + beta * c}, where op transposes when asked; {@code a} and
     * {@code b} are described as stored (before op).
     */
    static void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        int m = c.rows();
        int n = c.cols();
        int k = transA ? a.rows() : a.cols();
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            // an empty sum: C = beta * C. Staging the empty operands would fail: their zero-length
            // rows start past the end of their (empty) arrays.
            CpuStorage cs = c.storage();
            forEachRun(c, (offset, length) -> {
                for (int i = offset; i < offset + length; i++) {
                    cs.set(i, beta == 0 ? 0 : beta * cs.get(i));
                }
            });
            return;
        }
        useOneBlasThread();
        Scratch s = SCRATCH.get();
        int ta = transA ? TRANS : NO_TRANS;
        int tb = transB ? TRANS : NO_TRANS;
        int lda = Math.max(a.cols(), 1);
        int ldb = Math.max(b.cols(), 1);
        long bytes = c.storage().dtype().byteSize();
        s.a = Scratch.fit(s.a, bytes * a.rows() * a.cols());
        s.b = Scratch.fit(s.b, bytes * b.rows() * b.cols());
        s.c = Scratch.fit(s.c, bytes * m * n);
        if (c.storage() instanceof CpuStorage.F32 && a.storage() instanceof CpuStorage.F32 && b.storage() instanceof CpuStorage.F32) {
            FloatBuffer fa = stage(a, s.a.asFloatBuffer());
            FloatBuffer fb = stage(b, s.b.asFloatBuffer());
            FloatBuffer fc = s.c.asFloatBuffer();
            if (beta != 0) {
                stage(c, fc);
            }
            inSlabs(m, n, k, (r0, r1, c0, c1) -> openblas_nolapack.cblas_sgemm(ROW_MAJOR, ta, tb, r1 - r0, c1 - c0, k,
                    (float) alpha, from(fa, transA ? r0 : r0 * lda), lda, from(fb, transB ? c0 * ldb : c0), ldb,
                    (float) beta, from(fc, r0 * n + c0), n));
            unstage(fc, c);
        } else if (c.storage() instanceof CpuStorage.F64 && a.storage() instanceof CpuStorage.F64
                && b.storage() instanceof CpuStorage.F64) {
            DoubleBuffer da = stage(a, s.a.asDoubleBuffer());
            DoubleBuffer db = stage(b, s.b.asDoubleBuffer());
            DoubleBuffer dc = s.c.asDoubleBuffer();
            if (beta != 0) {
                stage(c, dc);
            }
            inSlabs(m, n, k, (r0, r1, c0, c1) -> openblas_nolapack.cblas_dgemm(ROW_MAJOR, ta, tb, r1 - r0, c1 - c0, k,
                    alpha, from(da, transA ? r0 : r0 * lda), lda, from(db, transB ? c0 * ldb : c0), ldb,
                    beta, from(dc, r0 * n + c0), n));
            unstage(dc, c);
        } else {
            throw new IllegalArgumentException("matrix products need F32 or F64 operands of one dtype, got "
                    + a.storage().dtype() + ", " + b.storage().dtype() + " -> " + c.storage().dtype());
        }
    }

    /** Computes the block rows [r0, r1) x columns [c0, c1) of C. */
    @FunctionalInterface
    private interface Slab {
        void compute(int r0, int r1, int c0, int c1);
    }

    /** Runs {@code slab} over all of C, split along its longer side across the backend's workers when large enough. */
    private static void inSlabs(int m, int n, int k, Slab slab) {
        long flops = 2L * m * n * k;
        int longer = Math.max(m, n);
        int blocks = (longer + SLAB_ALIGN - 1) / SLAB_ALIGN;
        if (Parallel.threads() == 1 || flops < MIN_SPLIT_FLOPS || blocks < 2) {
            slab.compute(0, m, 0, n);
            return;
        }
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

    /** The staged matrix from element {@code offset} on (a view: the buffer's address moves, its position stays 0). */
    private static FloatBuffer from(FloatBuffer staged, int offset) {
        return offset == 0 ? staged : staged.slice(offset, staged.limit() - offset);
    }

    private static DoubleBuffer from(DoubleBuffer staged, int offset) {
        return offset == 0 ? staged : staged.slice(offset, staged.limit() - offset);
    }

    /** Receives one run of a matrix's elements: where it starts in the storage and how many elements it has. */
    @FunctionalInterface
    private interface Run {
        void copy(int offset, int length);
    }

    /** Visits a matrix as runs of contiguous elements: one run when its rows are packed, else one per row. */
    private static void forEachRun(Matrix m, Run run) {
        if (m.ld() == m.cols()) {
            run.copy(m.offset(), m.rows() * m.cols());
            return;
        }
        for (int r = 0; r < m.rows(); r++) {
            run.copy(m.offset() + r * m.ld(), m.cols());
        }
    }

    private static FloatBuffer stage(Matrix m, FloatBuffer target) {
        float[] data = ((CpuStorage.F32) m.storage()).data();
        forEachRun(m, (offset, length) -> target.put(data, offset, length));
        return target.flip();
    }

    private static DoubleBuffer stage(Matrix m, DoubleBuffer target) {
        double[] data = ((CpuStorage.F64) m.storage()).data();
        forEachRun(m, (offset, length) -> target.put(data, offset, length));
        return target.flip();
    }

    private static void unstage(FloatBuffer source, Matrix m) {
        float[] data = ((CpuStorage.F32) m.storage()).data();
        source.clear();
        forEachRun(m, (offset, length) -> source.get(data, offset, length));
    }

    private static void unstage(DoubleBuffer source, Matrix m) {
        double[] data = ((CpuStorage.F64) m.storage()).data();
        source.clear();
        forEachRun(m, (offset, length) -> source.get(data, offset, length));
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
