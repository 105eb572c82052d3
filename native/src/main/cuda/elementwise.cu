// Elementwise kernels over contiguous F32 arrays (no broadcasting: the caller passes arrays of
// equal length; strided and broadcast operands are made contiguous, or get their own kernels,
// on the Java side). Each kernel walks the array with a grid-stride loop, so any launch shape
// covers any n.
//
//   unary:  <op>_f32(const float* x, float* out, long long n)             out[i] = op(x[i])
//   binary: <op>_f32(const float* a, const float* b, float* out, long long n)   out[i] = op(a[i], b[i])
//
// The definitions follow dev.lathe.engine.backend.UnaryOp / BinaryOp, which the CPU backend
// implements: sigmoid in its two-sided stable form, relu(NaN) = 0, max/min propagate NaN
// (as Java's Math.max/min and torch.maximum/minimum do).

#define GRID_STRIDE_LOOP(i, n)                                                       \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n);    \
         i += (long long)blockDim.x * gridDim.x)

#define UNARY_F32(name, expr)                                                         \
    extern "C" __global__ void name##_f32(const float* __restrict__ x,               \
                                          float* __restrict__ out, long long n) {    \
        GRID_STRIDE_LOOP(i, n) {                                                      \
            const float v = x[i];                                                     \
            out[i] = (expr);                                                          \
        }                                                                             \
    }

#define BINARY_F32(name, expr)                                                        \
    extern "C" __global__ void name##_f32(const float* __restrict__ a,               \
                                          const float* __restrict__ b,               \
                                          float* __restrict__ out, long long n) {    \
        GRID_STRIDE_LOOP(i, n) {                                                      \
            const float p = a[i];                                                     \
            const float q = b[i];                                                     \
            out[i] = (expr);                                                          \
        }                                                                             \
    }

__device__ __forceinline__ float sigmoid_f(float v) {
    if (v >= 0.0f) {
        return 1.0f / (1.0f + expf(-v));
    }
    const float e = expf(v);
    return e / (1.0f + e);
}

__device__ __forceinline__ float max_nan(float p, float q) {
    return (p != p || q != q) ? __int_as_float(0x7fc00000) : fmaxf(p, q);
}

__device__ __forceinline__ float min_nan(float p, float q) {
    return (p != p || q != q) ? __int_as_float(0x7fc00000) : fminf(p, q);
}

UNARY_F32(neg, -v)
UNARY_F32(abs, fabsf(v))
UNARY_F32(exp, expf(v))
UNARY_F32(log, logf(v))
UNARY_F32(sqrt, sqrtf(v))
UNARY_F32(tanh, tanhf(v))
UNARY_F32(sigmoid, sigmoid_f(v))
UNARY_F32(relu, v > 0.0f ? v : 0.0f)
UNARY_F32(erf, erff(v))
UNARY_F32(reciprocal, 1.0f / v)

BINARY_F32(add, p + q)
BINARY_F32(sub, p - q)
BINARY_F32(mul, p * q)
BINARY_F32(div, p / q)
BINARY_F32(max, max_nan(p, q))
BINARY_F32(min, min_nan(p, q))
