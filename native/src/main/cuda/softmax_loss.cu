// Softmax, log-softmax and cross-entropy along the last dimension of contiguous F32 rows
// ([rows, cols]), one block of ROW_THREADS threads per row (block_reduce.cuh): fused forms of the
// engine's composites (Activations.softmax/logSoftmax, Losses.crossEntropy), which take a max, a
// subtraction, exp, a sum and a division as separate passes. Each step rounds to float where the
// composite stores an F32 tensor (x - max, exp of it, the sum), so results agree with the CPU to
// within the order of the row sum (double, then rounded once).
//
//   softmax_f32(const float* x, float* y, long long rows, long long cols)
//   log_softmax_f32(const float* x, float* y, long long rows, long long cols)
//   softmax_backward_f32(const float* y, const float* gy, float* gx, long long rows, long long cols)
//       gx = y · (gy - Σ gy·y)            (y: the softmax output)
//   log_softmax_backward_f32(const float* y, const float* gy, float* gx, long long rows, long long cols)
//       gx = gy - exp(y) · Σ gy            (y: the log-softmax output)
//   cross_entropy_f32(const float* x, const int* labels, float* losses, float* kept,
//                     long long rows, long long cols, int ignore_index, int* errors)
//       losses[r] = -log_softmax(x[r])[labels[r]] and kept[r] = 1, or 0 and 0 where
//       labels[r] == ignore_index. A label outside [0, cols) is reported through the device error
//       word (code LATHE_ERR_CROSS_ENTROPY) and counts as ignored.
//   cross_entropy_backward_f32(const float* x, const int* labels, const float* scale,
//                              float* gx, long long rows, long long cols, int ignore_index)
//       gx[r] = (softmax(x[r]) - onehot(labels[r])) · scale[0] for kept rows, 0 for ignored ones;
//       scale is a device scalar (upstream gradient / kept count) so nothing waits on the host.
// Launch with blockDim.x == ROW_THREADS; any grid (blocks loop over rows).
#include "block_reduce.cuh"
#include "common.cuh"

__device__ __forceinline__ void row_stats(const float* __restrict__ row, long long cols, float& max,
                                          float& sum) {
    row_softmax_stats([row](long long c) { return row[c]; }, cols, max, sum);
}

#define ROWS_LOOP(r) for (long long r = blockIdx.x; r < rows; r += gridDim.x)
#define COLS_LOOP(c) for (long long c = threadIdx.x; c < cols; c += ROW_THREADS)

extern "C" __global__ void __launch_bounds__(ROW_THREADS)
    softmax_f32(const float* __restrict__ x, float* __restrict__ y, long long rows, long long cols) {
    ROWS_LOOP(r) {
        const float* row = x + r * cols;
        float max, sum;
        row_stats(row, cols, max, sum);
        COLS_LOOP(c) { y[r * cols + c] = softmax_of(row[c], max, sum); }
    }
}

extern "C" __global__ void __launch_bounds__(ROW_THREADS)
    log_softmax_f32(const float* __restrict__ x, float* __restrict__ y, long long rows, long long cols) {
    ROWS_LOOP(r) {
        const float* row = x + r * cols;
        float max, sum;
        row_stats(row, cols, max, sum);
        const float log_sum = (float)log((double)sum);
        COLS_LOOP(c) { y[r * cols + c] = (row[c] - max) - log_sum; }
    }
}

extern "C" __global__ void __launch_bounds__(ROW_THREADS)
    softmax_backward_f32(const float* __restrict__ y, const float* __restrict__ gy,
                         float* __restrict__ gx, long long rows, long long cols) {
    ROWS_LOOP(r) {
        const long long base = r * cols;
        double partial = 0.0;
        COLS_LOOP(c) { partial += (double)gy[base + c] * y[base + c]; }
        const double dot = block_sum(partial);
        COLS_LOOP(c) { gx[base + c] = (float)(y[base + c] * ((double)gy[base + c] - dot)); }
    }
}

extern "C" __global__ void __launch_bounds__(ROW_THREADS)
    log_softmax_backward_f32(const float* __restrict__ y, const float* __restrict__ gy,
                             float* __restrict__ gx, long long rows, long long cols) {
    ROWS_LOOP(r) {
        const long long base = r * cols;
        double partial = 0.0;
        COLS_LOOP(c) { partial += (double)gy[base + c]; }
        const double total = block_sum(partial);
        COLS_LOOP(c) { gx[base + c] = (float)((double)gy[base + c] - exp((double)y[base + c]) * total); }
    }
}

extern "C" __global__ void __launch_bounds__(ROW_THREADS)
    cross_entropy_f32(const float* __restrict__ x, const int* __restrict__ labels,
                      float* __restrict__ losses, float* __restrict__ kept, long long rows,
                      long long cols, int ignore_index, int* errors) {
    ROWS_LOOP(r) {
        const int label = labels[r];
        // uniform across the block: every thread reads the same label
        const bool keep = label != ignore_index && index_ok(errors, LATHE_ERR_CROSS_ENTROPY, label, cols);
        if (!keep) {
            if (threadIdx.x == 0) {
                losses[r] = 0.0f;
                kept[r] = 0.0f;
            }
            continue;
        }
        const float* row = x + r * cols;
        float max, sum;
        row_stats(row, cols, max, sum);
        if (threadIdx.x == 0) {
            const float log_sum = (float)log((double)sum);
            losses[r] = -((row[label] - max) - log_sum);
            kept[r] = 1.0f;
        }
    }
}

extern "C" __global__ void __launch_bounds__(ROW_THREADS)
    cross_entropy_backward_f32(const float* __restrict__ x, const int* __restrict__ labels,
                               const float* __restrict__ scale, float* __restrict__ gx,
                               long long rows, long long cols, int ignore_index) {
    const float s = scale[0];
    ROWS_LOOP(r) {
        const int label = labels[r];
        const long long base = r * cols;
        if (label == ignore_index || label < 0 || label >= cols) {
            COLS_LOOP(c) { gx[base + c] = 0.0f; }
            continue;
        }
        float max, sum;
        row_stats(x + base, cols, max, sum);
        COLS_LOOP(c) {
            const float p = softmax_of(x[base + c], max, sum);
            gx[base + c] = (p - (c == label ? 1.0f : 0.0f)) * s;
        }
    }
}
