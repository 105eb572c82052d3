// Fused optimizer updates, in place over contiguous F32 tensors of n elements.
//
//   adam_f32(float* w, const float* g, float* m, float* v, long long n, double shrink,
//            double grad_decay, double step_size, double correction2, double beta1, double beta2,
//            double eps)
//       One torch.optim.Adam / AdamW step, exactly as dev.lathe.engine.cpu.CpuAdam computes it
//       (in double, moments rounded to float when stored, the weight update using the unrounded
//       moments), so both backends give the same bits: every product and sum is an explicit
//       round-to-nearest intrinsic, which nvcc never contracts into a fused multiply-add (Java
//       rounds each step). The Java side derives the scalars from
//       AdamStep: shrink = 1 - lr·weight_decay for AdamW else 1, grad_decay = weight_decay for Adam
//       else 0, step_size = lr / (1 - β1^t), correction2 = sqrt(1 - β2^t).
#include "common.cuh"

extern "C" __global__ void adam_f32(float* __restrict__ w, const float* __restrict__ g,
                                    float* __restrict__ m, float* __restrict__ v, long long n,
                                    double shrink, double grad_decay, double step_size,
                                    double correction2, double beta1, double beta2, double eps) {
    GRID_STRIDE_LOOP(i, n) {
        const double weight = w[i];
        const double gradient = __dadd_rn((double)g[i], __dmul_rn(grad_decay, weight));
        double first = m[i];
        first = __dadd_rn(first, __dmul_rn(1.0 - beta1, gradient - first));
        const double second = __dadd_rn(__dmul_rn(beta2, (double)v[i]),
                                        __dmul_rn(__dmul_rn(1.0 - beta2, gradient), gradient));
        m[i] = (float)first;
        v[i] = (float)second;
        const double denominator = __dadd_rn(sqrt(second) / correction2, eps);
        w[i] = (float)__dsub_rn(__dmul_rn(weight, shrink), __dmul_rn(step_size, first) / denominator);
    }
}
