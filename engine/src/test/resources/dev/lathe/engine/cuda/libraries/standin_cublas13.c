/* A stand-in libcublas.so.13 for the compatibility link test (CompatLinkTest): a few of cuBLAS's
 * functions, each appending what it received to the file named by STANDIN_LOG and returning values
 * the test recognises. Built by the test with soname and version node libcublas.so.13, as the real
 * library has. */
#include <stdio.h>
#include <stdlib.h>

#define HANDLE ((void *)0x1a7e)

static void record(const char *format, double a, double b, double c, double d) {
    FILE *log = fopen(getenv("STANDIN_LOG"), "a");
    if (log != NULL) {
        fprintf(log, format, a, b, c, d);
        fputc('\n', log);
        fclose(log);
    }
}

int cublasCreate_v2(void **handle) {
    *handle = HANDLE;
    record("cublas13 cublasCreate_v2", 0, 0, 0, 0);
    return 0;
}

int cublasGetVersion_v2(void *handle, int *version) {
    *version = handle == HANDLE ? 130042 : -1;
    record("cublas13 cublasGetVersion_v2", 0, 0, 0, 0);
    return 0;
}

/* 14 arguments: lda, B, ldb, beta, C and ldc arrive on the stack */
int cublasSgemm_v2(void *handle, int transa, int transb, int m, int n, int k, const float *alpha,
                   const float *a, int lda, const float *b, int ldb, const float *beta, float *c, int ldc) {
    (void)transa; (void)transb; (void)a; (void)b; (void)c;
    record("cublas13 cublasSgemm_v2 m=%g n=%g k=%g alpha=%g", m, n, k, *alpha);
    record("cublas13 cublasSgemm_v2 lda=%g ldb=%g ldc=%g beta=%g", lda, ldb, ldc, *beta);
    return handle == HANDLE ? 0 : 7;
}
