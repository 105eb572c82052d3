/*
 * A stand-in libcuda.so.1 for StandInGpuTest: one "GPU" whose device memory is host memory, so the
 * CUDA backend's driver calls (through JCuda's real native) run on a machine without a GPU.
 * Streams do nothing: every copy is done when the call returns. There are no kernels.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned long long CUdeviceptr;
#define HOST(p) ((void *) (uintptr_t) (p))

enum { CUDA_SUCCESS = 0, CUDA_ERROR_OUT_OF_MEMORY = 2, CUDA_ERROR_INVALID_DEVICE = 101, CUDA_ERROR_INVALID_PTX = 218 };
enum { MULTIPROCESSOR_COUNT = 16, COMPUTE_CAPABILITY_MAJOR = 75, COMPUTE_CAPABILITY_MINOR = 76 };

int cuInit(unsigned flags) { return CUDA_SUCCESS; }
int cuDeviceGetCount(int *count) { *count = 1; return CUDA_SUCCESS; }
int cuDeviceGet(int *device, int ordinal) { if (ordinal != 0) return CUDA_ERROR_INVALID_DEVICE; *device = ordinal; return CUDA_SUCCESS; }
int cuDeviceGetName(char *name, int length, int device) { strncpy(name, "Stand-in GPU", length); return CUDA_SUCCESS; }
int cuDeviceTotalMem_v2(size_t *bytes, int device) { *bytes = 80ULL << 30; return CUDA_SUCCESS; }
int cuDriverGetVersion(int *version) { *version = 13000; return CUDA_SUCCESS; }
int cuDeviceGetAttribute(int *value, int attribute, int device) {
    *value = attribute == MULTIPROCESSOR_COUNT ? 132 : attribute == COMPUTE_CAPABILITY_MAJOR ? 9 : attribute == COMPUTE_CAPABILITY_MINOR ? 0 : 1;
    return CUDA_SUCCESS;
}
int cuDevicePrimaryCtxRetain(void **context, int device) { *context = (void *) 0x10; return CUDA_SUCCESS; }
int cuCtxSetCurrent(void *context) { return CUDA_SUCCESS; }
int cuStreamCreate(void **stream, unsigned flags) { *stream = (void *) 0x20; return CUDA_SUCCESS; }
int cuStreamSynchronize(void *stream) { return CUDA_SUCCESS; }
int cuMemAlloc_v2(CUdeviceptr *p, size_t bytes) { *p = (CUdeviceptr) (uintptr_t) malloc(bytes); return *p ? CUDA_SUCCESS : CUDA_ERROR_OUT_OF_MEMORY; }
int cuMemFree_v2(CUdeviceptr p) { free(HOST(p)); return CUDA_SUCCESS; }
int cuMemGetInfo_v2(size_t *free, size_t *total) { *free = 70ULL << 30; *total = 80ULL << 30; return CUDA_SUCCESS; }
int cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void *src, size_t n, void *stream) { memcpy(HOST(dst), src, n); return CUDA_SUCCESS; }
int cuMemcpyDtoH_v2(void *dst, CUdeviceptr src, size_t n) { memcpy(dst, HOST(src), n); return CUDA_SUCCESS; }
int cuMemcpyDtoDAsync_v2(CUdeviceptr dst, CUdeviceptr src, size_t n, void *stream) { memmove(HOST(dst), HOST(src), n); return CUDA_SUCCESS; }
int cuMemsetD32Async(CUdeviceptr dst, unsigned value, size_t n, void *stream) {
    unsigned *p = HOST(dst);
    for (size_t i = 0; i < n; i++) {
        p[i] = value;
    }
    return CUDA_SUCCESS;
}
int cuModuleLoadData(void **module, const void *image) { return CUDA_ERROR_INVALID_PTX; }
