// Indexing kernels: index_select / index_add (embedding lookups and their gradient) and gather /
// scatter_add (per-element picks along one dimension), with I32 indices.
//
// An index outside [0, size) is never followed: the element reads as 0 (select, gather) or adds
// nothing (index_add, scatter_add), and the first such index is reported through the device error
// word (common.cuh), which the backend raises as the CPU's IndexOutOfBoundsException when it next
// synchronises.
//
// The adds are deterministic and add in the CPU backend's order, so they agree with it bit for
// bit: every output element is owned by one thread, which adds its contributions in index order.
//
//   index_select_<t>(const T* x, const int* index, T* out, long long outer, long long k,
//                    long long size, long long inner, int* errors)
//       x contiguous [outer, size, inner], index contiguous of k entries, out [outer, k, inner];
//       one thread per output element.
//   index_add_f32(const int* index, const float* src, float* out, long long outer, long long k,
//                 long long size, long long inner, int* errors)
//       src contiguous [outer, k, inner], out zero-filled [outer, size, inner]; one thread per
//       (outer, inner) column, walking the k index entries in order. No two threads touch one
//       element, so an embedding gradient needs neither atomics nor a sort.
//   gather_<t>(const T* x, Layout xl, long long x_dim_stride, long long dim_size,
//              const int* index, Layout il, T* out, long long n, int* errors)
//       xl and il over the index's shape; xl has stride 0 along dim, whose real stride is
//       x_dim_stride. out contiguous in the index's shape.
//   scatter_add_f32(const int* index, Layout il, long long index_dim_stride,
//                   const float* src, Layout sl, long long src_dim_stride,
//                   float* out, Layout ol, long long out_dim_stride, long long dim_size,
//                   long long lines, long long length, int* errors)
//       il, sl, ol over the index's shape without dim (its "lines"); each thread walks one line's
//       `length` entries along dim in order. Distinct lines of the index land in distinct lines
//       of out, so threads never share an output element. out is zero-filled beforehand.
#include "common.cuh"
#include "layout.cuh"

template <typename T>
__device__ void index_select(const T* __restrict__ x, const int* __restrict__ index,
                             T* __restrict__ out, long long outer, long long k, long long size,
                             long long inner, int* errors) {
    const long long n = outer * k * inner;
    GRID_STRIDE_LOOP(i, n) {
        const long long row = i / inner;
        const long long col = i - row * inner;
        const long long o = row / k;
        const int at = index[row - o * k];
        out[i] = index_ok(errors, LATHE_ERR_INDEX_SELECT, at, size) ? x[(o * size + at) * inner + col]
                                                                    : (T)0;
    }
}

extern "C" __global__ void index_select_f32(const float* __restrict__ x, const int* __restrict__ index,
                                            float* __restrict__ out, long long outer, long long k,
                                            long long size, long long inner, int* errors) {
    index_select<float>(x, index, out, outer, k, size, inner, errors);
}

extern "C" __global__ void index_select_i32(const int* __restrict__ x, const int* __restrict__ index,
                                            int* __restrict__ out, long long outer, long long k,
                                            long long size, long long inner, int* errors) {
    index_select<int>(x, index, out, outer, k, size, inner, errors);
}

extern "C" __global__ void index_add_f32(const int* __restrict__ index, const float* __restrict__ src,
                                         float* __restrict__ out, long long outer, long long k,
                                         long long size, long long inner, int* errors) {
    GRID_STRIDE_LOOP(column, outer * inner) {
        const long long o = column / inner;
        const long long col = column - o * inner;
        const float* from = src + o * k * inner + col;
        float* to = out + o * size * inner + col;
        for (long long j = 0; j < k; ++j) {
            const int at = index[j];
            if (index_ok(errors, LATHE_ERR_INDEX_ADD, at, size)) {
                to[at * inner] += from[j * inner];
            }
        }
    }
}

template <typename T>
__device__ void gather(const T* __restrict__ x, const Layout& xl, long long x_dim_stride,
                       long long dim_size, const int* __restrict__ index, const Layout& il,
                       T* __restrict__ out, long long n, int* errors) {
    GRID_STRIDE_LOOP(i, n) {
        long long ox, oi;
        layout_offsets(xl, il, i, ox, oi);
        const int at = index[oi];
        out[i] = index_ok(errors, LATHE_ERR_GATHER, at, dim_size) ? x[ox + at * x_dim_stride] : (T)0;
    }
}

#define GATHER(T, suffix)                                                                  \
    extern "C" __global__ void gather_##suffix(const T* __restrict__ x, const Layout xl,  \
                                               long long x_dim_stride, long long dim_size, \
                                               const int* __restrict__ index, const Layout il, \
                                               T* __restrict__ out, long long n, int* errors) { \
        gather<T>(x, xl, x_dim_stride, dim_size, index, il, out, n, errors);               \
    }

GATHER(float, f32)
GATHER(int, i32)

extern "C" __global__ void scatter_add_f32(const int* __restrict__ index, const Layout il,
                                           long long index_dim_stride,
                                           const float* __restrict__ src, const Layout sl,
                                           long long src_dim_stride, float* __restrict__ out,
                                           const Layout ol, long long out_dim_stride,
                                           long long dim_size, long long lines, long long length,
                                           int* errors) {
    GRID_STRIDE_LOOP(line, lines) {
        long long oi, os, oo;
        layout_offsets(il, sl, ol, line, oi, os, oo);
        for (long long j = 0; j < length; ++j) {
            const int at = index[oi + j * index_dim_stride];
            if (index_ok(errors, LATHE_ERR_SCATTER_ADD, at, dim_size)) {
                out[oo + at * out_dim_stride] += src[os + j * src_dim_stride];
            }
        }
    }
}
