// The strided/broadcast operand description every layout-aware kernel takes by value, and the
// index arithmetic over it. dev.lathe.engine.cuda.kernels.LayoutStruct writes the same bytes on
// the Java side; the offsets below are the one definition both follow (checked here by
// static_assert, on the Java side by LayoutStructTest).
//
//   offset  size  field
//        0     4  int       rank     dimensions in use, 0..LATHE_MAX_RANK (0: a scalar)
//        4     4  int       pad      always 0
//        8    64  long long shape[8] sizes of dimensions 0..rank-1, the rest 0
//       72    64  long long stride[8] element strides of dimensions 0..rank-1 (0 on broadcast
//                                     dimensions), the rest 0
//      136        total, 8-byte aligned, little-endian
//
// Every operand of one launch is described over the same shape (the output's, after the Java
// side merged dimensions that are contiguous in all operands), so element i of the output sits
// at element layout_offset(l, i) of each operand; the operand's storage offset is already in the
// pointer the kernel receives.
#pragma once

#include <cstddef>

#define LATHE_MAX_RANK 8

struct Layout {
    int rank;
    int pad;
    long long shape[LATHE_MAX_RANK];
    long long stride[LATHE_MAX_RANK];
};

static_assert(sizeof(Layout) == 136, "Layout must be 136 bytes (LayoutStruct.BYTES)");
static_assert(alignof(Layout) == 8, "Layout must be 8-byte aligned");
static_assert(offsetof(Layout, rank) == 0, "Layout.rank at 0");
static_assert(offsetof(Layout, pad) == 4, "Layout.pad at 4");
static_assert(offsetof(Layout, shape) == 8, "Layout.shape at 8");
static_assert(offsetof(Layout, stride) == 72, "Layout.stride at 72");

// Index arithmetic runs in 32-bit unsigned integers (a tensor holds fewer than 2^31 elements, the
// limit Shapes.numel enforces, so every index and dimension fits), which divides several times
// faster than 64-bit; offsets are accumulated in 64 bits. The loops are unrolled over the fixed
// maximum rank so the struct stays in parameter space (a dynamic index would copy it to local
// memory); dimension 0 needs no division.

// The element offset of the i-th element (row-major over l.shape) within the operand.
__device__ __forceinline__ long long layout_offset(const Layout& l, long long index) {
    unsigned int i = (unsigned int)index;
    long long off = 0;
#pragma unroll
    for (int d = LATHE_MAX_RANK - 1; d > 0; --d) {
        if (d < l.rank) {
            const unsigned int s = (unsigned int)l.shape[d];
            const unsigned int q = i / s;
            off += (long long)(i - q * s) * l.stride[d];
            i = q;
        }
    }
    return l.rank > 0 ? off + (long long)i * l.stride[0] : 0;
}

// Offsets of element i in two or three operands described over the same shape (taken from a),
// dividing once per dimension.
__device__ __forceinline__ void layout_offsets(const Layout& a, const Layout& b, long long index,
                                               long long& oa, long long& ob) {
    unsigned int i = (unsigned int)index;
    oa = 0;
    ob = 0;
#pragma unroll
    for (int d = LATHE_MAX_RANK - 1; d > 0; --d) {
        if (d < a.rank) {
            const unsigned int s = (unsigned int)a.shape[d];
            const unsigned int q = i / s;
            const long long c = i - q * s;
            oa += c * a.stride[d];
            ob += c * b.stride[d];
            i = q;
        }
    }
    if (a.rank > 0) {
        oa += (long long)i * a.stride[0];
        ob += (long long)i * b.stride[0];
    }
}

__device__ __forceinline__ void layout_offsets(const Layout& a, const Layout& b, const Layout& c,
                                               long long index, long long& oa, long long& ob,
                                               long long& oc) {
    unsigned int i = (unsigned int)index;
    oa = 0;
    ob = 0;
    oc = 0;
#pragma unroll
    for (int d = LATHE_MAX_RANK - 1; d > 0; --d) {
        if (d < a.rank) {
            const unsigned int s = (unsigned int)a.shape[d];
            const unsigned int q = i / s;
            const long long k = i - q * s;
            oa += k * a.stride[d];
            ob += k * b.stride[d];
            oc += k * c.stride[d];
            i = q;
        }
    }
    if (a.rank > 0) {
        oa += (long long)i * a.stride[0];
        ob += (long long)i * b.stride[0];
        oc += (long long)i * c.stride[0];
    }
}
