// Random fills from Philox4x32-10 (philox.cuh), F32, contiguous output of n elements.
//
// Stream: the 64-bit key (low word k0, high word k1) is one Generator.nextLong() drawn by the
// Java side per call; group g = 0, 1, ... (counter words {g low, g high, 0, 0}) yields the four
// 32-bit words r0..r3 for elements 4g .. 4g+3. A seed therefore gives the same tensor on every
// run and every GPU, whatever the launch shape; it is not the CPU backend's stream.
//
//   uniform_f32(float* out, long long n, long long key, double low, double high)
//       out = low + (high - low) · u, u = (r >> 8) · 2^-24 in [0, 1), computed in double.
//   normal_f32(float* out, long long n, long long key, double mean, double std)
//       Box–Muller on (r0, r1) and (r2, r3): u1 = ((r >> 8) + 1) · 2^-24 in (0, 1],
//       u2 = (r >> 8) · 2^-24; z = sqrt(-2 ln u1) · (cos 2πu2, sin 2πu2); out = mean + std · z.
//   bernoulli_f32(float* out, long long n, long long key, double p)
//       out = 1 where u < p, else 0 (u as in uniform): p = 0 gives all 0, p = 1 all 1.
#include "common.cuh"
#include "philox.cuh"

__device__ __forceinline__ Philox4 draw(long long key, long long group) {
    const Philox4 counter = {{(unsigned int)group, (unsigned int)((unsigned long long)group >> 32), 0u, 0u}};
    return philox4x32_10(counter, (unsigned int)key, (unsigned int)((unsigned long long)key >> 32));
}

__device__ __forceinline__ float unit(unsigned int r) {
    return (float)(r >> 8) * 0x1p-24f;
}

extern "C" __global__ void uniform_f32(float* __restrict__ out, long long n, long long key,
                                       double low, double high) {
    GRID_STRIDE_LOOP(g, (n + 3) / 4) {
        const Philox4 r = draw(key, g);
#pragma unroll
        for (int j = 0; j < 4; ++j) {
            if (4 * g + j < n) {
                out[4 * g + j] = (float)(low + (high - low) * (double)unit(r.v[j]));
            }
        }
    }
}

extern "C" __global__ void normal_f32(float* __restrict__ out, long long n, long long key,
                                      double mean, double std) {
    GRID_STRIDE_LOOP(g, (n + 3) / 4) {
        const Philox4 r = draw(key, g);
        float z[4];
#pragma unroll
        for (int pair = 0; pair < 2; ++pair) {
            const float u1 = (float)((r.v[2 * pair] >> 8) + 1) * 0x1p-24f;
            const float u2 = unit(r.v[2 * pair + 1]);
            const float radius = sqrtf(-2.0f * logf(u1));
            float s, c;
            sincospif(2.0f * u2, &s, &c);
            z[2 * pair] = radius * c;
            z[2 * pair + 1] = radius * s;
        }
#pragma unroll
        for (int j = 0; j < 4; ++j) {
            if (4 * g + j < n) {
                out[4 * g + j] = (float)(mean + std * (double)z[j]);
            }
        }
    }
}

extern "C" __global__ void bernoulli_f32(float* __restrict__ out, long long n, long long key, double p) {
    GRID_STRIDE_LOOP(g, (n + 3) / 4) {
        const Philox4 r = draw(key, g);
#pragma unroll
        for (int j = 0; j < 4; ++j) {
            if (4 * g + j < n) {
                out[4 * g + j] = (double)unit(r.v[j]) < p ? 1.0f : 0.0f;
            }
        }
    }
}
