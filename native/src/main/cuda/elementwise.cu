// Elementwise kernels over strided and broadcast operands: unary, binary, compare, where, fill and
// copy (with dtype conversion). Every operand comes with a Layout over the output's shape (see
// layout.cuh); outputs of unary/binary/compare/where are new contiguous tensors, while fill and
// copy write through a Layout (they may target a view). Each kernel walks its n elements in a
// grid-stride loop, so any launch shape covers any n.
//
//   unary:    <op>_f32(const float* x, Layout xl, float* out, long long n)
//   binary:   <op>_<t>(const T* a, Layout al, const T* b, Layout bl, T* out, long long n)
//   compare:  <op>_<t>(same as binary)                     out = 1 where true, else 0, in T
//   where:    where_<t>(const void* cond, Layout cl, int cond_is_i32,
//                       const T* a, Layout al, const T* b, Layout bl, T* out, long long n)
//   fill:     fill_<t>(T* dst, Layout dl, T value, long long n)
//   copy:     copy_<s>_to_<d>(const S* src, Layout sl, D* dst, Layout dl, long long n)
//
// The definitions are those of dev.lathe.engine.backend.UnaryOp / BinaryOp / CompareOp as the CPU
// backend runs them: it computes in double and rounds once to the stored type. So do these kernels
// where that changes the result (log, erf, pow, and all I32 arithmetic, which
// goes through Java's saturating (int) cast); +, -, *, /, sqrt and 1/x in float round exactly as
// the double computation rounded to float. max/min return NaN when either side is NaN and order
// signed zeros as Java's Math.max/min; relu(NaN) = NaN, as in PyTorch; sign keeps ±0 and NaN. F32 exp, tanh,
// sigmoid, gelu and gelu_derivative are the exception, as on the CPU: float kernels (below), step
// for step.
#include "common.cuh"
#include "layout.cuh"

// ---- unary (F32 only: the backend rejects integer tensors as the CPU does) ----

// e^c for float c, as dev.lathe.engine.cpu.FloatExp computes it: c clamped to [-104, 89] (NaN
// passes), c = k ln2 + r, e^r by its Taylor series to r^7, times 2^k as 2^h * 2^(k-h) with
// h = floor(k/2), each from its exponent bits. Every step rounds on its own (_rn intrinsics, never
// contracted), as Java's, so the F32 exp, GELU, tanh and sigmoid kernels give the CPU's bits.
// GELU, tanh and sigmoid floor their arguments at -87 first (exp_floor; Java's Math.max).
__device__ __forceinline__ float exp_floor(float c) {
    return c != c ? c : fmaxf(c, -87.0f);
}

__device__ __forceinline__ float float_exp(float x) {
    const float c = x != x ? x : fminf(fmaxf(x, -104.0f), 89.0f);
    const float shifted = __fadd_rn(__fmul_rn(c, 1.44269504f), 12582912.0f);
    const float kf = __fsub_rn(shifted, 12582912.0f);
    const float r = __fsub_rn(__fsub_rn(c, __fmul_rn(kf, 0.693145752f)), __fmul_rn(kf, 1.42860677e-6f));
    const int k = (int)((unsigned int)__float_as_int(shifted) - 0x4B400000u);
    float p = 1.0f / 5040;
    p = __fadd_rn(1.0f / 720, __fmul_rn(r, p));
    p = __fadd_rn(1.0f / 120, __fmul_rn(r, p));
    p = __fadd_rn(1.0f / 24, __fmul_rn(r, p));
    p = __fadd_rn(1.0f / 6, __fmul_rn(r, p));
    p = __fadd_rn(0.5f, __fmul_rn(r, p));
    p = __fadd_rn(1.0f, __fmul_rn(r, p));
    p = __fadd_rn(1.0f, __fmul_rn(r, p));
    const int h = k >> 1;
    return __fmul_rn(__fmul_rn(p, __int_as_float((h + 127) << 23)), __int_as_float((k - h + 127) << 23));
}

// tanh and sigmoid as dev.lathe.engine.cpu.FloatSquash: tanh by its Taylor series below 0.4, else
// (1 - e)/(1 + e) with e = e^(-2|x|); sigmoid(|x|) = 1/(1 + e^(-|x|)), times e^(-|x|) for x < 0.
__device__ __forceinline__ float tanh_f(float v) {
    const float a = fabsf(v);
    const float e = float_exp(exp_floor(__fmul_rn(-2.0f, a)));
    const float q = __fmul_rn(a, a);
    float series = 21844.0f / 6081075;
    series = __fadd_rn(-1382.0f / 155925, __fmul_rn(q, series));
    series = __fadd_rn(62.0f / 2835, __fmul_rn(q, series));
    series = __fadd_rn(-17.0f / 315, __fmul_rn(q, series));
    series = __fadd_rn(2.0f / 15, __fmul_rn(q, series));
    series = __fadd_rn(-1.0f / 3, __fmul_rn(q, series));
    series = __fadd_rn(a, __fmul_rn(__fmul_rn(a, q), series));
    const float t = a < 0.4f ? series : __fdiv_rn(__fsub_rn(1.0f, e), __fadd_rn(1.0f, e));
    return copysignf(t, v);
}

__device__ __forceinline__ float sigmoid_f(float v) {
    const float e = float_exp(exp_floor(-fabsf(v)));
    const float positive = __fdiv_rn(1.0f, __fadd_rn(1.0f, e));
    return v >= 0.0f ? positive : __fmul_rn(e, positive);
}

// GELU x Phi(x) and its derivative Phi(x) + x phi(x) as dev.lathe.engine.cpu.FloatGelu computes
// them (torch's erfc approximation, Abramowitz-Stegun 7.1.26).
struct GeluParts {
    float cdf;      // Phi(x)
    float gauss;    // e^(-x^2/2)
};

__device__ __forceinline__ GeluParts gelu_parts(float x) {
    const float z = __fmul_rn(fabsf(x), 0.70710678f);
    const float t = __fdiv_rn(1.0f, __fadd_rn(1.0f, __fmul_rn(0.3275911f, z)));
    float poly = 1.061405429f;
    poly = __fadd_rn(-1.453152027f, __fmul_rn(t, poly));
    poly = __fadd_rn(1.421413741f, __fmul_rn(t, poly));
    poly = __fadd_rn(-0.284496736f, __fmul_rn(t, poly));
    poly = __fadd_rn(0.254829592f, __fmul_rn(t, poly));
    poly = __fmul_rn(t, poly);
    GeluParts parts;
    parts.gauss = float_exp(exp_floor(__fmul_rn(-z, z)));
    const float half = __fmul_rn(0.5f, __fmul_rn(poly, parts.gauss));
    parts.cdf = x >= 0.0f ? __fsub_rn(1.0f, half) : half;
    return parts;
}

__device__ __forceinline__ float gelu_f(float x) {
    return __fmul_rn(x, gelu_parts(x).cdf);
}

__device__ __forceinline__ float gelu_derivative_f(float x) {
    const GeluParts parts = gelu_parts(x);
    return __fadd_rn(parts.cdf, __fmul_rn(x, __fmul_rn(parts.gauss, 0.39894228f)));
}

__device__ __forceinline__ float sign_f(float v) {
    return v > 0.0f ? 1.0f : (v < 0.0f ? -1.0f : v);
}


#define UNARY_F32(name, expr)                                                              \
    extern "C" __global__ void name##_f32(const float* __restrict__ x, const Layout xl,   \
                                          float* __restrict__ out, long long n) {         \
        GRID_STRIDE_LOOP(i, n) {                                                           \
            const float v = x[layout_offset(xl, i)];                                       \
            out[i] = (expr);                                                               \
        }                                                                                  \
    }

UNARY_F32(neg, -v)
UNARY_F32(abs, fabsf(v))
UNARY_F32(sign, sign_f(v))
UNARY_F32(exp, float_exp(v))
UNARY_F32(log, (float)log((double)v))
UNARY_F32(sqrt, sqrtf(v))
UNARY_F32(tanh, tanh_f(v))
UNARY_F32(sigmoid, sigmoid_f(v))
UNARY_F32(relu, v > 0.0f || v != v ? v : 0.0f)
UNARY_F32(erf, (float)erf((double)v))
UNARY_F32(reciprocal, 1.0f / v)
UNARY_F32(gelu, gelu_f(v))
UNARY_F32(gelu_derivative, gelu_derivative_f(v))

// ---- binary ----

// Java's Math.max/min on doubles: NaN wins, +0 is above -0.
__device__ __forceinline__ double java_max(double p, double q) {
    if (p != p || q != q) {
        return __longlong_as_double(0x7ff8000000000000LL);
    }
    if (p == q) {
        return signbit(p) ? q : p;
    }
    return p > q ? p : q;
}

__device__ __forceinline__ double java_min(double p, double q) {
    if (p != p || q != q) {
        return __longlong_as_double(0x7ff8000000000000LL);
    }
    if (p == q) {
        return signbit(p) ? p : q;
    }
    return p < q ? p : q;
}

// Java's Math.pow where it differs from C's pow: a NaN exponent gives NaN (C: pow(1, NaN) = 1),
// and |base| = 1 with an infinite exponent gives NaN (C: 1).
__device__ __forceinline__ double java_pow(double p, double q) {
    if (q != q || (fabs(p) == 1.0 && isinf(q))) {
        return __longlong_as_double(0x7ff8000000000000LL);
    }
    return pow(p, q);
}

#define BINARY_BODY(T, store, expr)                                                        \
    GRID_STRIDE_LOOP(i, n) {                                                               \
        long long oa, ob;                                                                  \
        layout_offsets(al, bl, i, oa, ob);                                                 \
        const double p = (double)a[oa];                                                    \
        const double q = (double)b[ob];                                                    \
        out[i] = store(expr);                                                              \
    }

#define STORE_F32(v) ((float)(v))
#define STORE_I32(v) java_int(v)

// float and int32 operands are exact in double, and +, -, *, / of two floats rounded from double
// equal the float operation, so one body serves both dtypes.
#define BINARY(name, expr)                                                                 \
    extern "C" __global__ void name##_f32(const float* __restrict__ a, const Layout al,   \
                                          const float* __restrict__ b, const Layout bl,   \
                                          float* __restrict__ out, long long n) {         \
        BINARY_BODY(float, STORE_F32, expr)                                                \
    }                                                                                      \
    extern "C" __global__ void name##_i32(const int* __restrict__ a, const Layout al,     \
                                          const int* __restrict__ b, const Layout bl,     \
                                          int* __restrict__ out, long long n) {           \
        BINARY_BODY(int, STORE_I32, expr)                                                  \
    }

BINARY(add, p + q)
BINARY(sub, p - q)
BINARY(mul, p * q)
BINARY(div, p / q)
BINARY(pow, java_pow(p, q))
BINARY(max, java_max(p, q))
BINARY(min, java_min(p, q))
// ReLU's gradient: p where the input q is above 0, else 0 (NaN included)
BINARY(relu_backward, q > 0.0 ? p : 0.0)

// ---- compare: 1 where true, 0 where false, in the operands' dtype ----

#define COMPARE(name, expr)                                                                \
    extern "C" __global__ void name##_f32(const float* __restrict__ a, const Layout al,   \
                                          const float* __restrict__ b, const Layout bl,   \
                                          float* __restrict__ out, long long n) {         \
        BINARY_BODY(float, STORE_F32, (expr) ? 1.0 : 0.0)                                  \
    }                                                                                      \
    extern "C" __global__ void name##_i32(const int* __restrict__ a, const Layout al,     \
                                          const int* __restrict__ b, const Layout bl,     \
                                          int* __restrict__ out, long long n) {           \
        BINARY_BODY(int, STORE_I32, (expr) ? 1.0 : 0.0)                                    \
    }

COMPARE(eq, p == q)
COMPARE(ne, p != q)
COMPARE(lt, p < q)
COMPARE(le, p <= q)
COMPARE(gt, p > q)
COMPARE(ge, p >= q)

// ---- where: cond != 0 ? a : b (a NaN condition counts as true, as on the CPU) ----

__device__ __forceinline__ bool condition(const void* cond, int cond_is_i32, long long at) {
    return cond_is_i32 ? ((const int*)cond)[at] != 0 : ((const float*)cond)[at] != 0.0f;
}

#define WHERE(T, suffix)                                                                   \
    extern "C" __global__ void where_##suffix(const void* __restrict__ cond, const Layout cl, \
                                              int cond_is_i32,                            \
                                              const T* __restrict__ a, const Layout al,   \
                                              const T* __restrict__ b, const Layout bl,   \
                                              T* __restrict__ out, long long n) {         \
        GRID_STRIDE_LOOP(i, n) {                                                           \
            long long oc, oa, ob;                                                          \
            layout_offsets(cl, al, bl, i, oc, oa, ob);                                     \
            out[i] = condition(cond, cond_is_i32, oc) ? a[oa] : b[ob];                     \
        }                                                                                  \
    }

WHERE(float, f32)
WHERE(int, i32)

// ---- fill ----

#define FILL(T, suffix)                                                                    \
    extern "C" __global__ void fill_##suffix(T* __restrict__ dst, const Layout dl, T value, \
                                             long long n) {                               \
        GRID_STRIDE_LOOP(i, n) { dst[layout_offset(dl, i)] = value; }                     \
    }

FILL(float, f32)
FILL(int, i32)

// ---- copy, converting as the CPU does: F32 -> I32 through Java's (int) cast ----

#define COPY(S, D, name, convert)                                                          \
    extern "C" __global__ void name(const S* __restrict__ src, const Layout sl,           \
                                    D* __restrict__ dst, const Layout dl, long long n) {  \
        GRID_STRIDE_LOOP(i, n) {                                                           \
            long long os, od;                                                              \
            layout_offsets(sl, dl, i, os, od);                                             \
            dst[od] = convert(src[os]);                                                    \
        }                                                                                  \
    }

#define AS_IS(v) (v)
#define F32_TO_I32(v) java_int((double)(v))
#define I32_TO_F32(v) ((float)(v))

COPY(float, float, copy_f32, AS_IS)
COPY(int, int, copy_i32, AS_IS)
COPY(float, int, copy_f32_to_i32, F32_TO_I32)
COPY(int, float, copy_i32_to_f32, I32_TO_F32)
