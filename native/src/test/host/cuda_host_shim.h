// Lets the kernel sources compile as plain C++ on the host (g++), so that tests on a machine
// without a GPU can run the kernels' own code: every kernel becomes an ordinary function. A launch
// is one block (gridDim = 1): one host thread for the grid-stride kernels, whose loop then walks all
// n items, or blockDim.x host threads meeting at a barrier in __syncthreads and sharing
// __shared__ arrays (static here) for the block-per-output reductions.
#pragma once

#include <pthread.h>

#include <cmath>
#include <cstdint>
#include <cstring>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __shared__ static
#define __launch_bounds__(threads)

struct HostDim3 {
    unsigned int x, y, z;
};
static thread_local HostDim3 threadIdx = {0, 0, 0};
static HostDim3 blockIdx = {0, 0, 0};
static HostDim3 blockDim = {1, 1, 1};
static HostDim3 gridDim = {1, 1, 1};

static pthread_barrier_t host_block_barrier;  // initialised for blockDim.x threads per launch

static inline void __syncthreads() {
    if (blockDim.x > 1) {
        pthread_barrier_wait(&host_block_barrier);
    }
}
static inline void __threadfence() {}

// Java's (int) cast of a double, which cvt.rzi.s32.f64 computes on the device.
static inline int __double2int_rz(double v) {
    if (v != v) {
        return 0;
    }
    if (v >= 2147483647.0) {
        return 2147483647;
    }
    if (v <= -2147483648.0) {
        return (int)-2147483648LL;
    }
    return (int)v;
}

static inline double __longlong_as_double(long long bits) {
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

static inline float __int_as_float(int bits) {
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

static inline int __float_as_int(float f) {
    int bits;
    std::memcpy(&bits, &f, sizeof bits);
    return bits;
}

static inline int atomicCAS(int* address, int compare, int value) {
    const int old = *address;
    if (old == compare) {
        *address = value;
    }
    return old;
}

static inline float atomicAdd(float* address, float value) {
    const float old = *address;
    *address = old + value;
    return old;
}

// explicit round-to-nearest arithmetic (never contracted into an FMA on the device)
static inline double __dadd_rn(double a, double b) { return a + b; }
static inline double __dsub_rn(double a, double b) { return a - b; }
static inline double __dmul_rn(double a, double b) { return a * b; }
static inline float __fadd_rn(float a, float b) { return a + b; }
static inline float __fmul_rn(float a, float b) { return a * b; }
static inline float __fsub_rn(float a, float b) { return a - b; }
static inline float __fdiv_rn(float a, float b) { return a / b; }
static inline float __fsqrt_rn(float a) { return std::sqrt(a); }

static inline void sincospif(float x, float* s, float* c) {
    const double a = 3.14159265358979323846 * (double)x;
    *s = (float)std::sin(a);
    *c = (float)std::cos(a);
}

using std::erf;
using std::exp;
using std::isinf;
using std::log;
using std::signbit;
using std::tanh;

static inline int min(int a, int b) { return a < b ? a : b; }
static inline int max(int a, int b) { return a > b ? a : b; }
