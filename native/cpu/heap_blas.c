/*
 * OpenBLAS's cblas_sgemm/cblas_dgemm on Java arrays in place, for the CPU backend's GEMMs
 * (dev.lathe.engine.cpu.HeapBlas). JavaCPP's bindings either take direct buffers, which the
 * backend had to copy every operand into and the product out of, or Java arrays, which JNI's
 * Get<Type>ArrayElements copies in and out again; pinned with GetPrimitiveArrayCritical the
 * arrays are read and written where they are.
 *
 * The CBLAS function is passed in as an address (JavaCPP's Loader.addressof on the OpenBLAS it
 * loaded), so this library links against nothing but libc. Inside the critical region nothing but
 * the GEMM runs: no JNI call and no allocation, as JNI requires.
 */
#include <jni.h>
#include <stdint.h>

typedef void (*sgemm_fn)(int order, int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a, int lda,
                         const float *b, int ldb, float beta, float *c, int ldc);
typedef void (*dgemm_fn)(int order, int trans_a, int trans_b, int m, int n, int k, double alpha, const double *a, int lda,
                         const double *b, int ldb, double beta, double *c, int ldc);

/* Pins a, b and c (any of them may be the same array; critical regions nest). 0 when the JVM
 * could not pin one: an OutOfMemoryError is then pending and nothing is held. */
static int pin(JNIEnv *env, jarray a, jarray b, jarray c, void **pa, void **pb, void **pc) {
    *pc = (*env)->GetPrimitiveArrayCritical(env, c, NULL);
    if (*pc == NULL) {
        return 0;
    }
    *pa = (*env)->GetPrimitiveArrayCritical(env, a, NULL);
    if (*pa == NULL) {
        (*env)->ReleasePrimitiveArrayCritical(env, c, *pc, JNI_ABORT);
        return 0;
    }
    *pb = (*env)->GetPrimitiveArrayCritical(env, b, NULL);
    if (*pb == NULL) {
        (*env)->ReleasePrimitiveArrayCritical(env, a, *pa, JNI_ABORT);
        (*env)->ReleasePrimitiveArrayCritical(env, c, *pc, JNI_ABORT);
        return 0;
    }
    return 1;
}

/* a and b were only read: JNI_ABORT, in case the JVM handed out copies, skips copying them back. */
static void unpin(JNIEnv *env, jarray a, jarray b, jarray c, void *pa, void *pb, void *pc) {
    (*env)->ReleasePrimitiveArrayCritical(env, b, pb, JNI_ABORT);
    (*env)->ReleasePrimitiveArrayCritical(env, a, pa, JNI_ABORT);
    (*env)->ReleasePrimitiveArrayCritical(env, c, pc, 0);
}

JNIEXPORT void JNICALL Java_dev_lathe_engine_cpu_HeapBlas_sgemm(JNIEnv *env, jclass cls, jlong function, jint order,
        jint trans_a, jint trans_b, jint m, jint n, jint k, jfloat alpha, jfloatArray a, jint a_offset, jint lda,
        jfloatArray b, jint b_offset, jint ldb, jfloat beta, jfloatArray c, jint c_offset, jint ldc) {
    (void) cls;
    void *pa, *pb, *pc;
    if (!pin(env, a, b, c, &pa, &pb, &pc)) {
        return;
    }
    ((sgemm_fn) (intptr_t) function)(order, trans_a, trans_b, m, n, k, alpha, (const float *) pa + a_offset, lda,
                                     (const float *) pb + b_offset, ldb, beta, (float *) pc + c_offset, ldc);
    unpin(env, a, b, c, pa, pb, pc);
}

JNIEXPORT void JNICALL Java_dev_lathe_engine_cpu_HeapBlas_dgemm(JNIEnv *env, jclass cls, jlong function, jint order,
        jint trans_a, jint trans_b, jint m, jint n, jint k, jdouble alpha, jdoubleArray a, jint a_offset, jint lda,
        jdoubleArray b, jint b_offset, jint ldb, jdouble beta, jdoubleArray c, jint c_offset, jint ldc) {
    (void) cls;
    void *pa, *pb, *pc;
    if (!pin(env, a, b, c, &pa, &pb, &pc)) {
        return;
    }
    ((dgemm_fn) (intptr_t) function)(order, trans_a, trans_b, m, n, k, alpha, (const double *) pa + a_offset, lda,
                                     (const double *) pb + b_offset, ldb, beta, (double *) pc + c_offset, ldc);
    unpin(env, a, b, c, pa, pb, pc);
}
