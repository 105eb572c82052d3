// Attention helpers: the softmax of scaled dot-product attention fused with its scaling and key
// padding bias (the part of Attention.scaledDotProduct between the two matrix products, which
// cuBLAS runs), F32.
//
//   attention_softmax_f32(const float* scores, const float* key_mask, float* probs,
//                         long long rows, long long keys, long long rows_per_sample, float scale)
//       scores [N, heads, Tq, Tk] contiguous as rows = N·heads·Tq rows of keys = Tk;
//       rows_per_sample = heads·Tq. probs = softmax(scores·scale + (1 - mask)·lowest) along the
//       keys, mask = key_mask[n, key] for the row's sample n (key_mask may be null: no padding).
//       lowest is -FLT_MAX, as Hugging Face's BERT: padded keys get zero weight and a row of only
//       padding stays finite (uniform). Rounded as the engine's composite rounds each step.
//   attention_softmax_backward_f32(const float* probs, const float* grad, float* grad_scores,
//                                  long long rows, long long keys, float scale)
//       grad_scores = scale · probs · (grad - Σ grad·probs) along the keys.
// One block of ROW_THREADS threads per row (block_reduce.cuh); launch with blockDim.x == ROW_THREADS.
#include <cfloat>

#include "block_reduce.cuh"
#include "common.cuh"

extern "C" __global__ void __launch_bounds__(ROW_THREADS)
    attention_softmax_f32(const float* __restrict__ scores, const float* __restrict__ key_mask,
                          float* __restrict__ probs, long long rows, long long keys,
                          long long rows_per_sample, float scale) {
    for (long long r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* row = scores + r * keys;
        const float* mask = key_mask ? key_mask + (r / rows_per_sample) * keys : nullptr;
        auto value = [row, mask, scale](long long c) {
            // explicit roundings: the composite rounds the product before adding the bias
            const float scaled = __fmul_rn(row[c], scale);
            return mask ? __fadd_rn(scaled, __fmul_rn(1.0f - mask[c], -FLT_MAX)) : scaled;
        };
        float max, sum;
        row_softmax_stats(value, keys, max, sum);
        for (long long c = threadIdx.x; c < keys; c += ROW_THREADS) {
            probs[r * keys + c] = softmax_of(value(c), max, sum);
        }
    }
}

extern "C" __global__ void __launch_bounds__(ROW_THREADS)
    attention_softmax_backward_f32(const float* __restrict__ probs, const float* __restrict__ grad,
                                   float* __restrict__ grad_scores, long long rows, long long keys,
                                   float scale) {
    for (long long r = blockIdx.x; r < rows; r += gridDim.x) {
        const long long base = r * keys;
        double partial = 0.0;
        for (long long c = threadIdx.x; c < keys; c += ROW_THREADS) {
            partial += (double)grad[base + c] * probs[base + c];
        }
        const double dot = block_sum(partial);
        for (long long c = threadIdx.x; c < keys; c += ROW_THREADS) {
            grad_scores[base + c] = (float)(scale * probs[base + c] * ((double)grad[base + c] - dot));
        }
    }
}
