// Layer normalisation over the last dimension of contiguous F32 rows ([rows, cols]), the fused form
// of Normalization.layerNorm (biased variance, as torch.nn.functional.layer_norm).
//
//   layer_norm_f32(const float* x, const float* weight, const float* bias, float* y, float* mean,
//                  float* rstd, long long rows, long long cols, double eps)
//       one block of ROW_THREADS threads per row (block_reduce.cuh): mean and variance in double
//       (two passes), rstd = 1/sqrt(var + eps), y = (x - mean)·rstd·weight + bias; weight and bias
//       may be null. mean and rstd ([rows]) are kept for the backward pass.
//   layer_norm_backward_f32(const float* x, const float* gy, const float* weight, const float* mean,
//                           const float* rstd, float* gx, long long rows, long long cols)
//       one block per row: with g = gy·weight and x̂ = (x - mean)·rstd,
//       gx = rstd · (g - mean(g) - x̂ · mean(g · x̂)).
//   layer_norm_params_backward_f32(const float* x, const float* gy, const float* mean,
//                                  const float* rstd, float* gweight, float* gbias, long long rows,
//                                  long long cols)
//       one thread per column walking the rows in order (deterministic; neighbouring threads read
//       neighbouring columns): gweight = Σ gy·x̂, gbias = Σ gy. Either output may be null.
#include "block_reduce.cuh"
#include "common.cuh"

extern "C" __global__ void __launch_bounds__(ROW_THREADS)
    layer_norm_f32(const float* __restrict__ x, const float* __restrict__ weight,
                   const float* __restrict__ bias, float* __restrict__ y, float* __restrict__ mean,
                   float* __restrict__ rstd, long long rows, long long cols, double eps) {
    for (long long r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* row = x + r * cols;
        double partial = 0.0;
        for (long long c = threadIdx.x; c < cols; c += ROW_THREADS) {
            partial += row[c];
        }
        const double mu = block_sum(partial) / cols;
        partial = 0.0;
        for (long long c = threadIdx.x; c < cols; c += ROW_THREADS) {
            const double d = row[c] - mu;
            partial += d * d;
        }
        const double inv = 1.0 / sqrt(block_sum(partial) / cols + eps);
        for (long long c = threadIdx.x; c < cols; c += ROW_THREADS) {
            double v = (row[c] - mu) * inv;
            if (weight) {
                v *= weight[c];
            }
            if (bias) {
                v += bias[c];
            }
            y[r * cols + c] = (float)v;
        }
        if (threadIdx.x == 0) {
            mean[r] = (float)mu;
            rstd[r] = (float)inv;
        }
    }
}

extern "C" __global__ void __launch_bounds__(ROW_THREADS)
    layer_norm_backward_f32(const float* __restrict__ x, const float* __restrict__ gy,
                            const float* __restrict__ weight, const float* __restrict__ mean,
                            const float* __restrict__ rstd, float* __restrict__ gx, long long rows,
                            long long cols) {
    for (long long r = blockIdx.x; r < rows; r += gridDim.x) {
        const long long base = r * cols;
        const double mu = mean[r];
        const double inv = rstd[r];
        double sum_g = 0.0;
        double sum_gx = 0.0;
        for (long long c = threadIdx.x; c < cols; c += ROW_THREADS) {
            const double g = weight ? (double)gy[base + c] * weight[c] : (double)gy[base + c];
            sum_g += g;
            sum_gx += g * (x[base + c] - mu) * inv;
        }
        const double mean_g = block_sum(sum_g) / cols;
        const double mean_gx = block_sum(sum_gx) / cols;
        for (long long c = threadIdx.x; c < cols; c += ROW_THREADS) {
            const double g = weight ? (double)gy[base + c] * weight[c] : (double)gy[base + c];
            const double xhat = (x[base + c] - mu) * inv;
            gx[base + c] = (float)(inv * (g - mean_g - xhat * mean_gx));
        }
    }
}

extern "C" __global__ void layer_norm_params_backward_f32(const float* __restrict__ x,
                                                          const float* __restrict__ gy,
                                                          const float* __restrict__ mean,
                                                          const float* __restrict__ rstd,
                                                          float* __restrict__ gweight,
                                                          float* __restrict__ gbias, long long rows,
                                                          long long cols) {
    GRID_STRIDE_LOOP(c, cols) {
        double w = 0.0;
        double b = 0.0;
        for (long long r = 0; r < rows; ++r) {
            const double g = gy[r * cols + c];
            w += g * (x[r * cols + c] - (double)mean[r]) * rstd[r];
            b += g;
        }
        if (gweight) {
            gweight[c] = (float)w;
        }
        if (gbias) {
            gbias[c] = (float)b;
        }
    }
}
