/*
 * A stand-in libcublas.so.12 for StandInGpuTest: cublasSgemmStridedBatched as cuBLAS documents it
 * (column-major, op(A) m×k, op(B) k×n), with its leading-dimension checks, on host memory.
 * Linked with a version script naming the node libcublas.so.12, which JCublas2's native binds to.
 */
enum { CUBLAS_STATUS_SUCCESS = 0, CUBLAS_STATUS_INVALID_VALUE = 7 };

int cublasCreate_v2(void **handle) { *handle = (void *) 0x30; return CUBLAS_STATUS_SUCCESS; }
int cublasSetStream_v2(void *handle, void *stream) { return CUBLAS_STATUS_SUCCESS; }
int cublasSetMathMode(void *handle, int mode) { return CUBLAS_STATUS_SUCCESS; }
int cublasGetVersion_v2(void *handle, int *version) { *version = 120601; return CUBLAS_STATUS_SUCCESS; }

int cublasSgemmStridedBatched(void *handle, int transa, int transb, int m, int n, int k, const float *alpha, const float *a, int lda,
                              long long strideA, const float *b, int ldb, long long strideB, const float *beta, float *c, int ldc,
                              long long strideC, int batch) {
    if (lda < 1 || ldb < 1 || lda < (transa ? k : m) || ldb < (transb ? n : k) || ldc < m) {
        return CUBLAS_STATUS_INVALID_VALUE;
    }
    for (int p = 0; p < batch; p++) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int l = 0; l < k; l++) {
                    float x = transa ? a[p * strideA + l + (long long) i * lda] : a[p * strideA + i + (long long) l * lda];
                    float y = transb ? b[p * strideB + j + (long long) l * ldb] : b[p * strideB + l + (long long) j * ldb];
                    sum += x * y;
                }
                float *out = &c[p * strideC + i + (long long) j * ldc];
                *out = *alpha * sum + (*beta == 0 ? 0 : *beta * *out);
            }
        }
    }
    return CUBLAS_STATUS_SUCCESS;
}
