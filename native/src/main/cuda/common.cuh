// Shared by every kernel family: the grid-stride loop, Java's double-to-int conversion, and the
// device error word through which kernels report invalid indices.
#pragma once

#define GRID_STRIDE_LOOP(i, n)                                                       \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n);    \
         i += (long long)blockDim.x * gridDim.x)

// Java's (int) cast of a double: truncation toward zero, saturating, NaN to 0 (cvt.rzi.s32.f64
// does exactly that). The CPU backend stores every I32 result through it.
__device__ __forceinline__ int java_int(double v) { return __double2int_rz(v); }

// The device error word: int[4] in device memory, zero while all is well. The first kernel thread
// that meets an invalid index claims word 0 with its op code (LATHE_ERR_*, mirrored by
// dev.lathe.engine.cuda.kernels.DeviceErrors) and writes the index into word 1 and the size it
// had to be below into word 2. Later reports leave the first one alone. The backend reads the
// word whenever it synchronises with the host, and zeroes it after raising the error.
#define LATHE_ERR_INDEX_SELECT 1
#define LATHE_ERR_INDEX_ADD 2
#define LATHE_ERR_GATHER 3
#define LATHE_ERR_SCATTER_ADD 4
#define LATHE_ERR_MAX_POOL_BACKWARD 5
#define LATHE_ERR_CROSS_ENTROPY 6

__device__ __forceinline__ void report_bad_index(int* errors, int code, long long index, long long limit) {
    if (atomicCAS(errors, 0, code) == 0) {
        errors[1] = (int)index;
        errors[2] = (int)limit;
        __threadfence();
    }
}

// True when index lies in [0, limit); otherwise reports it and returns false (the caller then
// skips the element: nothing outside the operand is ever read or written).
__device__ __forceinline__ bool index_ok(int* errors, int code, int index, long long limit) {
    if (index >= 0 && index < limit) {
        return true;
    }
    report_bad_index(errors, code, index, limit);
    return false;
}
