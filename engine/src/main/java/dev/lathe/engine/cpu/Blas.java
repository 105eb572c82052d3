package dev.lathe.engine.cpu;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Row-major GEMM on CPU storages through OpenBLAS (JavaCPP's build, bundled for the platform):
 * {@code C[m,n] = alpha * op(A)[m,k] * op(B)[k,n] + beta * C}.
 */
final class Blas {

    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private static int configuredThreads = -1;

    private Blas() {
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     CpuStorage a, int offsetA, int lda, CpuStorage b, int offsetB, int ldb,
                     double beta, CpuStorage c, int offsetC, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        syncThreads();
        int ta = transA ? TRANS : NO_TRANS;
        int tb = transB ? TRANS : NO_TRANS;
        if (c instanceof CpuStorage.F32 cf && a instanceof CpuStorage.F32 af && b instanceof CpuStorage.F32 bf) {
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, ta, tb, m, n, k, (float) alpha,
                    slice(af.data(), offsetA), lda, slice(bf.data(), offsetB), ldb, (float) beta,
                    slice(cf.data(), offsetC), ldc);
        } else if (c instanceof CpuStorage.F64 cd && a instanceof CpuStorage.F64 ad && b instanceof CpuStorage.F64 bd) {
            openblas_nolapack.cblas_dgemm(ROW_MAJOR, ta, tb, m, n, k, alpha,
                    slice(ad.data(), offsetA), lda, slice(bd.data(), offsetB), ldb, beta,
                    slice(cd.data(), offsetC), ldc);
        } else {
            throw new IllegalArgumentException("matrix products need F32 or F64 operands of one dtype, got "
                    + a.dtype() + ", " + b.dtype() + " -> " + c.dtype());
        }
    }

    private static FloatBuffer slice(float[] data, int offset) {
        return FloatBuffer.wrap(data, offset, data.length - offset).slice();
    }

    private static DoubleBuffer slice(double[] data, int offset) {
        return DoubleBuffer.wrap(data, offset, data.length - offset).slice();
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
