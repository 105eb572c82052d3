package dev.lathe.engine.cpu;

import dev.lathe.engine.NativeResources;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * OpenBLAS's GEMM on Java arrays where they are, through the native module's small JNI library
 * (native/cpu/heap_blas.c), which pins the arrays for the call. Without it every product copied
 * its operands into native buffers and its result back ({@link Staging}), and the copies cost more
 * than their bytes: mlp-fashion's 128 x 784 x 128 product took 280-300 µs that way against 180-210
 * µs on the arrays themselves, the rest being cache misses on freshly written buffers.
 *
 * <p>The library is a jar resource for x86-64 Linux built where gcc was present; elsewhere
 * {@link #available()} is false and {@link Blas} stages as before.
 */
final class HeapBlas {

    private static final String RESOURCE = "dev/lathe/native/cpu/linux-x86_64/liblathe_heap_blas.so";

    /** The CBLAS functions' addresses in the OpenBLAS JavaCPP loaded; 0 when the library is missing. */
    private static final long SGEMM;
    private static final long DGEMM;
    private static final String PROBLEM;

    static {
        long s = 0;
        long d = 0;
        String problem = null;
        try {
            Path library = isLinuxX64() && NativeResources.exists(RESOURCE)
                    ? NativeResources.extract(RESOURCE, NativeResources.privateFolder("lathe-cpu")).orElse(null) : null;
            if (library == null) {
                problem = "no " + RESOURCE + " for this platform in this build (it is built on x86-64 Linux with gcc)";
            } else {
                Loader.load(openblas_nolapack.class);
                System.load(library.toString());
                s = address("cblas_sgemm");
                d = address("cblas_dgemm");
                if (s == 0 || d == 0) {
                    problem = "the OpenBLAS JavaCPP loaded exports no cblas_sgemm or cblas_dgemm";
                    s = 0;
                }
            }
        } catch (IOException | UnsatisfiedLinkError e) {
            problem = "cannot load " + RESOURCE + ": " + e.getMessage();
        }
        SGEMM = s;
        DGEMM = d;
        PROBLEM = problem;
    }

    private HeapBlas() {
    }

    /** Whether GEMMs run on the arrays in place. */
    static boolean available() {
        return SGEMM != 0;
    }

    /** Why {@link #available()} is false, or null. */
    static String problem() {
        return PROBLEM;
    }

    /** cblas_sgemm with each matrix given as an array and the index of its first element. */
    static void sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
            float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
        sgemm(SGEMM, order, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    /** cblas_dgemm with each matrix given as an array and the index of its first element. */
    static void dgemm(int order, int transA, int transB, int m, int n, int k, double alpha, double[] a, int aOffset, int lda,
            double[] b, int bOffset, int ldb, double beta, double[] c, int cOffset, int ldc) {
        dgemm(DGEMM, order, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    private static native void sgemm(long function, int order, int transA, int transB, int m, int n, int k, float alpha,
            float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc);

    private static native void dgemm(long function, int order, int transA, int transB, int m, int n, int k, double alpha,
            double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb, double beta, double[] c, int cOffset, int ldc);

    private static boolean isLinuxX64() {
        String arch = System.getProperty("os.arch");
        return System.getProperty("os.name").startsWith("Linux") && ("amd64".equals(arch) || "x86_64".equals(arch));
    }

    private static long address(String symbol) {
        Pointer p = Loader.addressof(symbol);
        return p == null ? 0 : p.address();
    }
}
