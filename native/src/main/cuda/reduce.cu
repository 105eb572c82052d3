// Reductions over a set of axes (sum, max, min) and argmax along one axis, F32 and I32.
//
// The input is described by two Layouts (layout.cuh): `kept` over the output's shape (the axes
// that stay, with the input's strides) and `red` over the reduced axes. Output element o reduces
// the elements x[layout_offset(kept, o) + layout_offset(red, r)] for r = 0 .. red_n-1; outputs
// are contiguous.
//
// Two shapes of kernel, both deterministic (no atomics; the order of every addition depends only
// on the shape), chosen by the Java side from the shape alone:
//   <op>_<t>         one block of REDUCE_THREADS threads per output: thread t folds r = t,
//                    t + REDUCE_THREADS, ..., then a fixed shared-memory tree combines the
//                    threads. Launch with blockDim.x == REDUCE_THREADS.
//   <op>_serial_<t>  one thread per output, folding r in order: the CPU backend's exact order.
//                    For short reductions and many outputs (e.g. a bias gradient), where
//                    neighbouring threads read neighbouring elements.
//
//   sum/max/min: (const T* x, Layout kept, Layout red, T* out, long long out_n, long long red_n)
//   argmax:      (const T* x, Layout kept, Layout red, int* out, long long out_n, long long red_n)
//
// As on the CPU, sums accumulate in double and round once. max/min/argmax pick NaN over any number
// and the first (lowest r) of equal candidates, so they return exactly the CPU's value and index
// whatever the combining order. max/min over an empty axis is rejected on the Java side; a sum
// over nothing is 0.
#include "common.cuh"
#include "layout.cuh"

#define REDUCE_THREADS 256

__device__ __forceinline__ float from_double(double v, float*) { return (float)v; }
__device__ __forceinline__ int from_double(double v, int*) { return java_int(v); }

template <typename T>
__device__ __forceinline__ T store_as(double v) {
    return from_double(v, (T*)nullptr);
}

// Whether candidate (v, i) beats the current best (bv, bi): NaN first, then the larger (MAX) or
// smaller value, then the lower index.
template <bool MAX>
__device__ __forceinline__ bool beats(double v, long long i, double bv, long long bi) {
    const bool vn = v != v;
    const bool bn = bv != bv;
    if (vn || bn) {
        return vn && (!bn || i < bi);
    }
    if (v != bv) {
        return MAX ? v > bv : v < bv;
    }
    return i < bi;
}

// ---- sum ----

template <typename T>
__device__ void sum_block(const T* __restrict__ x, const Layout& kept, const Layout& red,
                          T* __restrict__ out, long long out_n, long long red_n) {
    __shared__ double partial[REDUCE_THREADS];
    const int t = threadIdx.x;
    for (long long o = blockIdx.x; o < out_n; o += gridDim.x) {
        const T* base = x + layout_offset(kept, o);
        double acc = 0.0;
        for (long long r = t; r < red_n; r += REDUCE_THREADS) {
            acc += (double)base[layout_offset(red, r)];
        }
        partial[t] = acc;
        __syncthreads();
        for (int s = REDUCE_THREADS / 2; s > 0; s >>= 1) {
            if (t < s) {
                partial[t] += partial[t + s];
            }
            __syncthreads();
        }
        if (t == 0) {
            out[o] = store_as<T>(partial[0]);
        }
        __syncthreads();
    }
}

template <typename T>
__device__ void sum_serial(const T* __restrict__ x, const Layout& kept, const Layout& red,
                           T* __restrict__ out, long long out_n, long long red_n) {
    GRID_STRIDE_LOOP(o, out_n) {
        const T* base = x + layout_offset(kept, o);
        double acc = 0.0;
        for (long long r = 0; r < red_n; ++r) {
            acc += (double)base[layout_offset(red, r)];
        }
        out[o] = store_as<T>(acc);
    }
}

// ---- max / min / argmax: (value, index) pairs ----

template <bool MAX, typename T>
__device__ __forceinline__ void best_of_block(const T* __restrict__ base, const Layout& red,
                                              long long red_n, double* values, long long* indices,
                                              double& best, long long& best_index) {
    const int t = threadIdx.x;
    double bv = MAX ? -INFINITY : INFINITY;
    long long bi = red_n;  // loses every tie: no element yet
    for (long long r = t; r < red_n; r += REDUCE_THREADS) {
        const double v = (double)base[layout_offset(red, r)];
        if (bi == red_n || beats<MAX>(v, r, bv, bi)) {
            bv = v;
            bi = r;
        }
    }
    values[t] = bv;
    indices[t] = bi;
    __syncthreads();
    for (int s = REDUCE_THREADS / 2; s > 0; s >>= 1) {
        if (t < s && indices[t + s] < red_n &&
            (indices[t] == red_n || beats<MAX>(values[t + s], indices[t + s], values[t], indices[t]))) {
            values[t] = values[t + s];
            indices[t] = indices[t + s];
        }
        __syncthreads();
    }
    best = values[0];
    best_index = indices[0];
    __syncthreads();
}

template <bool MAX, bool INDEX, typename T, typename O>
__device__ void extreme_block(const T* __restrict__ x, const Layout& kept, const Layout& red,
                              O* __restrict__ out, long long out_n, long long red_n) {
    __shared__ double values[REDUCE_THREADS];
    __shared__ long long indices[REDUCE_THREADS];
    for (long long o = blockIdx.x; o < out_n; o += gridDim.x) {
        double best;
        long long best_index;
        best_of_block<MAX>(x + layout_offset(kept, o), red, red_n, values, indices, best, best_index);
        if (threadIdx.x == 0) {
            out[o] = INDEX ? (O)best_index : (O)store_as<T>(best);
        }
    }
}

template <bool MAX, bool INDEX, typename T, typename O>
__device__ void extreme_serial(const T* __restrict__ x, const Layout& kept, const Layout& red,
                               O* __restrict__ out, long long out_n, long long red_n) {
    GRID_STRIDE_LOOP(o, out_n) {
        const T* base = x + layout_offset(kept, o);
        double bv = (double)base[0];
        long long bi = 0;
        for (long long r = 1; r < red_n && bv == bv; ++r) {
            const double v = (double)base[layout_offset(red, r)];
            if (beats<MAX>(v, r, bv, bi)) {
                bv = v;
                bi = r;
            }
        }
        out[o] = INDEX ? (O)bi : (O)store_as<T>(bv);
    }
}

#define REDUCE_PARAMS(T, O)                                                                \
    (const T* __restrict__ x, const Layout kept, const Layout red, O* __restrict__ out,   \
     long long out_n, long long red_n)

#define REDUCE_KERNELS(T, suffix)                                                          \
    extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)                          \
        sum_##suffix REDUCE_PARAMS(T, T) { sum_block<T>(x, kept, red, out, out_n, red_n); } \
    extern "C" __global__ void sum_serial_##suffix REDUCE_PARAMS(T, T) {                  \
        sum_serial<T>(x, kept, red, out, out_n, red_n);                                   \
    }                                                                                      \
    extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)                          \
        max_##suffix REDUCE_PARAMS(T, T) {                                                 \
        extreme_block<true, false, T, T>(x, kept, red, out, out_n, red_n);                 \
    }                                                                                      \
    extern "C" __global__ void max_serial_##suffix REDUCE_PARAMS(T, T) {                  \
        extreme_serial<true, false, T, T>(x, kept, red, out, out_n, red_n);                \
    }                                                                                      \
    extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)                          \
        min_##suffix REDUCE_PARAMS(T, T) {                                                 \
        extreme_block<false, false, T, T>(x, kept, red, out, out_n, red_n);                \
    }                                                                                      \
    extern "C" __global__ void min_serial_##suffix REDUCE_PARAMS(T, T) {                  \
        extreme_serial<false, false, T, T>(x, kept, red, out, out_n, red_n);               \
    }                                                                                      \
    extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)                          \
        argmax_##suffix REDUCE_PARAMS(T, int) {                                            \
        extreme_block<true, true, T, int>(x, kept, red, out, out_n, red_n);                \
    }                                                                                      \
    extern "C" __global__ void argmax_serial_##suffix REDUCE_PARAMS(T, int) {             \
        extreme_serial<true, true, T, int>(x, kept, red, out, out_n, red_n);               \
    }

REDUCE_KERNELS(float, f32)
REDUCE_KERNELS(int, i32)
