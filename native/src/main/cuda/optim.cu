// Fused optimizer updates, in place over contiguous F32 tensors of n elements.
//
//   adam_f32(float* w, const float* g, float* m, float* v, long long n, double shrink,
//            double grad_decay, double step_size, double correction2, double beta1, double beta2,
//            double eps)
//       One torch.optim.Adam / AdamW step, exactly as dev.lathe.engine.cpu.CpuAdam computes it for
//       F32: in float, as torch's kernels do, with the scalars computed in double and rounded once
//       (1 - beta1 and 1 - beta2 included), so both backends give the same bits. Every product and
//       sum is an explicit round-to-nearest intrinsic, which nvcc never contracts into a fused
//       multiply-add (Java rounds each step). The Java side derives the scalars from AdamStep:
//       shrink = 1 - lr·weight_decay for AdamW else 1, grad_decay = weight_decay for Adam else 0,
//       step_size = lr / (1 - β1^t), correction2 = sqrt(1 - β2^t). Moments below float's normal
//       range are flushed to zero, as CpuAdam.flushSubnormal does (there for speed, here so both
//       backends agree).
#include "common.cuh"

__device__ __forceinline__ float flush_subnormal(float x) {
    return fabsf(x) < 1.17549435e-38f ? 0.0f : x;
}

extern "C" __global__ void adam_f32(float* __restrict__ w, const float* __restrict__ g,
                                    float* __restrict__ m, float* __restrict__ v, long long n,
                                    double shrink, double grad_decay, double step_size,
                                    double correction2, double beta1, double beta2, double eps) {
    const float f_shrink = (float)shrink;
    const float f_grad_decay = (float)grad_decay;
    const float f_neg_step_size = (float)-step_size;
    const float f_correction2 = (float)correction2;
    const float f_beta1 = (float)beta1;
    const float f_one_minus_beta1 = (float)(1.0 - beta1);
    const float f_beta2 = (float)beta2;
    const float f_one_minus_beta2 = (float)(1.0 - beta2);
    const float f_eps = (float)eps;
    GRID_STRIDE_LOOP(i, n) {
        const float weight = w[i];
        const float gradient = __fadd_rn(g[i], __fmul_rn(f_grad_decay, weight));
        const float first = flush_subnormal(__fadd_rn(__fmul_rn(m[i], f_beta1), __fmul_rn(f_one_minus_beta1, gradient)));
        const float second = flush_subnormal(
            __fadd_rn(__fmul_rn(v[i], f_beta2), __fmul_rn(__fmul_rn(f_one_minus_beta2, gradient), gradient)));
        m[i] = first;
        v[i] = second;
        const float denominator = __fadd_rn(__fdiv_rn(__fsqrt_rn(second), f_correction2), f_eps);
        w[i] = __fadd_rn(__fmul_rn(weight, f_shrink), __fmul_rn(f_neg_step_size, __fdiv_rn(first, denominator)));
    }
}
