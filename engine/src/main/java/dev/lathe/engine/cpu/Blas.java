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
 */
final class Blas {

    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static int configuredThreads = -1;

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
        syncThreads();
        Scratch s = SCRATCH.get();
        int ta = transA ? TRANS : NO_TRANS;
        int tb = transB ? TRANS : NO_TRANS;
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
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, ta, tb, m, n, k, (float) alpha, fa, Math.max(a.cols(), 1),
                    fb, Math.max(b.cols(), 1), (float) beta, fc, n);
            unstage(fc, c);
        } else if (c.storage() instanceof CpuStorage.F64 && a.storage() instanceof CpuStorage.F64
                && b.storage() instanceof CpuStorage.F64) {
            DoubleBuffer da = stage(a, s.a.asDoubleBuffer());
            DoubleBuffer db = stage(b, s.b.asDoubleBuffer());
            DoubleBuffer dc = s.c.asDoubleBuffer();
            if (beta != 0) {
                stage(c, dc);
            }
            openblas_nolapack.cblas_dgemm(ROW_MAJOR, ta, tb, m, n, k, alpha, da, Math.max(a.cols(), 1),
                    db, Math.max(b.cols(), 1), beta, dc, n);
            unstage(dc, c);
        } else {
            throw new IllegalArgumentException("matrix products need F32 or F64 operands of one dtype, got "
                    + a.storage().dtype() + ", " + b.storage().dtype() + " -> " + c.storage().dtype());
        }
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

    /** OpenBLAS keeps its own threads; keep their count equal to the CPU backend's. */
    private static void syncThreads() {
        int threads = Parallel.threads();
        if (threads != configuredThreads) {
            synchronized (Blas.class) {
                openblas_nolapack.blas_set_num_threads(threads);
                configuredThreads = threads;
            }
        }
    }
}
