// Whole-block reductions for the row-wise fused kernels (softmax_loss.cu, norm.cu, attention.cu): one block of
// ROW_THREADS threads per row. Each combines the threads' partials in a fixed shared-memory tree,
// so a result depends on the row length only, never on scheduling. Every thread of the block must
// call them (they synchronise), and every thread receives the result.
#pragma once

#define ROW_THREADS 256

// The sum of each thread's partial, in double.
__device__ __forceinline__ double block_sum(double partial) {
    __shared__ double scratch[ROW_THREADS];
    const int t = threadIdx.x;
    scratch[t] = partial;
    __syncthreads();
    for (int s = ROW_THREADS / 2; s > 0; s >>= 1) {
        if (t < s) {
            scratch[t] += scratch[t + s];
        }
        __syncthreads();
    }
    const double total = scratch[0];
    __syncthreads();
    return total;
}

// NaN if any partial is NaN, else the largest (as the MAX reduction of the engine).
__device__ __forceinline__ float block_max(float partial) {
    __shared__ float scratch[ROW_THREADS];
    const int t = threadIdx.x;
    scratch[t] = partial;
    __syncthreads();
    for (int s = ROW_THREADS / 2; s > 0; s >>= 1) {
        if (t < s) {
            const float other = scratch[t + s];
            if (other != other || other > scratch[t]) {
                scratch[t] = other;
            }
        }
        __syncthreads();
    }
    const float best = scratch[0];
    __syncthreads();
    return best;
}

// This thread's running maximum with v folded in, NaN sticking.
__device__ __forceinline__ float fold_max(float best, float v) {
    return (v != v || v > best) ? v : best;
}

// A row's softmax statistics over value(c), c = 0 .. cols-1: the maximum (NaN if any value is NaN)
// and Σ exp(value - max), each exp rounded to float and the sum rounded once, as the engine's
// composite stores them.
template <typename Value>
__device__ __forceinline__ void row_softmax_stats(Value value, long long cols, float& max, float& sum) {
    float best = -INFINITY;
    for (long long c = threadIdx.x; c < cols; c += ROW_THREADS) {
        best = fold_max(best, value(c));
    }
    max = block_max(best);
    double partial = 0.0;
    for (long long c = threadIdx.x; c < cols; c += ROW_THREADS) {
        partial += (double)(float)exp((double)(value(c) - max));
    }
    sum = (float)block_sum(partial);
}

// One softmax probability, rounded as the composite rounds it.
__device__ __forceinline__ float softmax_of(float v, float max, float sum) {
    return (float)exp((double)(v - max)) / sum;
}
