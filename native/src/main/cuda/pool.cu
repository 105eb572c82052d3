// 2-d max and average pooling over contiguous NCHW input (floor-mode output size, symmetric
// padding of at most half the window, as dev.lathe.engine.backend.Pool2dParams allows), F32.
// `planes` is N·C; every kernel is one thread per element it writes.
//
//   max_pool2d_f32(const float* x, float* out, int* indices, long long planes, int h, int w,
//                  int oh, int ow, int kh, int kw, int sh, int sw, int ph, int pw)
//       indices hold, per output, the flat position iy·w + ix within its input plane: the first
//       maximum in row-major window order, or the first NaN (which then is the output), as the
//       CPU backend returns them.
//   max_pool2d_backward_f32(const float* grad, const int* indices, float* grad_in,
//                           long long n, long long plane_out, long long plane_in, int* errors)
//       n = planes·plane_out; grad_in zero-filled beforehand. Adds with atomicAdd: the backward
//       receives no window geometry, so an input cannot find the outputs that chose it. Where
//       windows do not overlap (stride >= window) every input gets at most one gradient and the
//       result is exact and reproducible; with overlapping windows the order of the float adds
//       into one input varies from run to run. An index outside the plane is reported through the
//       device error word (common.cuh) and skipped.
//   avg_pool2d_f32(const float* x, float* out, long long planes, int h, int w, int oh, int ow,
//                  int kh, int kw, int sh, int sw, int ph, int pw, int count_include_pad)
//       sums the window clipped to the input in double and divides by kh·kw, or with
//       count_include_pad = 0 by the clipped window's size.
//   avg_pool2d_backward_f32(const float* grad, float* grad_in, long long planes, int h, int w,
//                           int oh, int ow, int kh, int kw, int sh, int sw, int ph, int pw,
//                           int count_include_pad)
//       one thread per input element gathers the shares of the windows that contain it, in the
//       CPU's (oy, ox) order and rounding (each share rounded to float, then added): deterministic
//       and equal to the CPU bit for bit.
#include "common.cuh"

// Where flat element i of planes of height rows and width cols lies.
struct PlanePosition {
    long long plane;
    int y;
    int x;
};

__device__ __forceinline__ PlanePosition plane_position(long long i, int rows, int cols) {
    PlanePosition at;
    at.plane = i / ((long long)rows * cols);
    const int q = (int)(i - at.plane * rows * cols);
    at.y = q / cols;
    at.x = q - at.y * cols;
    return at;
}

extern "C" __global__ void max_pool2d_f32(const float* __restrict__ x, float* __restrict__ out,
                                          int* __restrict__ indices, long long planes, int h, int w,
                                          int oh, int ow, int kh, int kw, int sh, int sw, int ph,
                                          int pw) {
    const long long n = planes * oh * ow;
    GRID_STRIDE_LOOP(i, n) {
        const PlanePosition at = plane_position(i, oh, ow);
        const long long plane = at.plane;
        const int oy = at.y;
        const int ox = at.x;
        const float* in = x + plane * h * w;
        float best = -INFINITY;
        int best_index = -1;
        bool found_nan = false;
        for (int a = 0; a < kh && !found_nan; ++a) {
            const int iy = oy * sh - ph + a;
            if (iy < 0 || iy >= h) {
                continue;
            }
            for (int b = 0; b < kw; ++b) {
                const int ix = ox * sw - pw + b;
                if (ix < 0 || ix >= w) {
                    continue;
                }
                const float v = in[iy * w + ix];
                if (best_index < 0 || v > best || v != v) {
                    best = v;
                    best_index = iy * w + ix;
                    if (v != v) {
                        found_nan = true;
                        break;
                    }
                }
            }
        }
        out[i] = best;
        indices[i] = best_index;
    }
}

extern "C" __global__ void max_pool2d_backward_f32(const float* __restrict__ grad,
                                                   const int* __restrict__ indices,
                                                   float* __restrict__ grad_in, long long n,
                                                   long long plane_out, long long plane_in,
                                                   int* errors) {
    GRID_STRIDE_LOOP(i, n) {
        const int at = indices[i];
        if (index_ok(errors, LATHE_ERR_MAX_POOL_BACKWARD, at, plane_in)) {
            atomicAdd(grad_in + (i / plane_out) * plane_in + at, grad[i]);
        }
    }
}

// The divisor of the window starting at (y0, x0), as the CPU computes it.
__device__ __forceinline__ int avg_divisor(int y0, int x0, int h, int w, int kh, int kw,
                                           int count_include_pad) {
    if (count_include_pad) {
        return kh * kw;
    }
    const int rows = min(y0 + kh, h) - max(y0, 0);
    const int cols = min(x0 + kw, w) - max(x0, 0);
    return rows * cols;
}

extern "C" __global__ void avg_pool2d_f32(const float* __restrict__ x, float* __restrict__ out,
                                          long long planes, int h, int w, int oh, int ow, int kh,
                                          int kw, int sh, int sw, int ph, int pw,
                                          int count_include_pad) {
    const long long n = planes * oh * ow;
    GRID_STRIDE_LOOP(i, n) {
        const PlanePosition at = plane_position(i, oh, ow);
        const long long plane = at.plane;
        const int oy = at.y;
        const int ox = at.x;
        const int y0 = oy * sh - ph;
        const int x0 = ox * sw - pw;
        const float* in = x + plane * h * w;
        double sum = 0.0;
        for (int iy = max(y0, 0); iy < min(y0 + kh, h); ++iy) {
            for (int ix = max(x0, 0); ix < min(x0 + kw, w); ++ix) {
                sum += (double)in[iy * w + ix];
            }
        }
        out[i] = (float)(sum / avg_divisor(y0, x0, h, w, kh, kw, count_include_pad));
    }
}

// floor(a / b) for b > 0
__device__ __forceinline__ int floor_div(int a, int b) {
    const int q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

extern "C" __global__ void avg_pool2d_backward_f32(const float* __restrict__ grad,
                                                   float* __restrict__ grad_in, long long planes,
                                                   int h, int w, int oh, int ow, int kh, int kw,
                                                   int sh, int sw, int ph, int pw,
                                                   int count_include_pad) {
    const long long n = planes * h * w;
    GRID_STRIDE_LOOP(i, n) {
        const PlanePosition at = plane_position(i, h, w);
        const long long plane = at.plane;
        const int iy = at.y;
        const int ix = at.x;
        // windows oy with oy·sh - ph <= iy < oy·sh - ph + kh, likewise for x
        const int oy0 = max(floor_div(iy + ph - kh, sh) + 1, 0);
        const int oy1 = min((iy + ph) / sh, oh - 1);
        const int ox0 = max(floor_div(ix + pw - kw, sw) + 1, 0);
        const int ox1 = min((ix + pw) / sw, ow - 1);
        const float* g = grad + plane * oh * ow;
        float acc = 0.0f;
        for (int oy = oy0; oy <= oy1; ++oy) {
            for (int ox = ox0; ox <= ox1; ++ox) {
                const int divisor = avg_divisor(oy * sh - ph, ox * sw - pw, h, w, kh, kw, count_include_pad);
                acc += (float)((double)g[oy * ow + ox] / divisor);
            }
        }
        grad_in[i] = acc;
    }
}
