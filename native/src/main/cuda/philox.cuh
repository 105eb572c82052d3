// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11): a
// counter-based generator, so element i of a random tensor is a pure function of (key, i) and any
// thread can draw it without shared state. Host and device (the host side lets a plain C++
// program check the known-answer vectors of Random123).
#pragma once

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

struct Philox4 {
    unsigned int v[4];
};

__host__ __device__ __forceinline__ void philox_mulhilo(unsigned int a, unsigned int b,
                                                        unsigned int& hi, unsigned int& lo) {
    const unsigned long long p = (unsigned long long)a * b;
    hi = (unsigned int)(p >> 32);
    lo = (unsigned int)p;
}

// The ten-round block function on counter c under key (k0, k1).
__host__ __device__ __forceinline__ Philox4 philox4x32_10(Philox4 c, unsigned int k0, unsigned int k1) {
#pragma unroll
    for (int round = 0; round < 10; ++round) {
        unsigned int hi0, lo0, hi1, lo1;
        philox_mulhilo(PHILOX_M0, c.v[0], hi0, lo0);
        philox_mulhilo(PHILOX_M1, c.v[2], hi1, lo1);
        const Philox4 next = {{hi1 ^ c.v[1] ^ k0, lo1, hi0 ^ c.v[3] ^ k1, lo0}};
        c = next;
        k0 += PHILOX_W0;
        k1 += PHILOX_W1;
    }
    return c;
}
