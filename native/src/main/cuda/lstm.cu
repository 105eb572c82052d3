// The LSTM cell's pointwise part on contiguous F32 rows, the fused form of the cell's elementwise
// ops (torch.nn.LSTM's gate order i, f, g, o, each H wide).
//
//   lstm_cell_f32(const float* gates, const float* c_prev, float* out, long long rows, long long hidden)
//       one thread per (row, unit): from gates [rows, 4H] and c_prev [rows, H],
//       c' = σ(f)·c + σ(i)·tanh(g) and h' = σ(o)·tanh(c'); out [rows, 2H] holds h' in its first H
//       columns and c' in its last H.
//   lstm_cell_backward_f32(const float* grad_out, const float* gates, const float* c_prev,
//                          float* grad_gates, float* grad_c_prev, long long rows, long long hidden)
//       one thread per (row, unit), recomputing the activations: with dc = grad c' + grad h'·o·(1 - tanh²c'),
//       grad_gates = (dc·g·i(1-i), dc·c·f(1-f), dc·i·(1-g²), grad h'·tanh(c')·o(1-o)), grad_c_prev = dc·f.
// Arithmetic is in double, rounded once per stored value, as CpuLstm's gradient; CpuLstm's F32
// forward pass rounds each product as the elementwise ops do, so the two agree to about an ulp.
#include "common.cuh"

__device__ __forceinline__ double lstm_sigmoid(double x) {
    return x >= 0.0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x));
}

// The gates' activations of unit j in row r, and the new cell (rounded to float, as stored) and its tanh.
struct LstmUnit {
    double i, f, g, o, prev, cell, tanh_cell;
};

__device__ __forceinline__ LstmUnit lstm_unit(const float* __restrict__ gates, const float* __restrict__ c_prev,
                                              long long r, long long j, long long hidden) {
    const float* row = gates + r * 4 * hidden;
    LstmUnit u;
    u.i = lstm_sigmoid(row[j]);
    u.f = lstm_sigmoid(row[hidden + j]);
    u.g = tanh((double)row[2 * hidden + j]);
    u.o = lstm_sigmoid(row[3 * hidden + j]);
    u.prev = c_prev[r * hidden + j];
    u.cell = (float)(u.f * u.prev + u.i * u.g);
    u.tanh_cell = tanh(u.cell);
    return u;
}

extern "C" __global__ void lstm_cell_f32(const float* __restrict__ gates, const float* __restrict__ c_prev,
                                         float* __restrict__ out, long long rows, long long hidden) {
    GRID_STRIDE_LOOP(k, rows * hidden) {
        const long long r = k / hidden;
        const long long j = k % hidden;
        const LstmUnit u = lstm_unit(gates, c_prev, r, j, hidden);
        out[r * 2 * hidden + j] = (float)(u.o * u.tanh_cell);
        out[r * 2 * hidden + hidden + j] = (float)u.cell;
    }
}

extern "C" __global__ void lstm_cell_backward_f32(const float* __restrict__ grad_out, const float* __restrict__ gates,
                                                  const float* __restrict__ c_prev, float* __restrict__ grad_gates,
                                                  float* __restrict__ grad_c_prev, long long rows, long long hidden) {
    GRID_STRIDE_LOOP(k, rows * hidden) {
        const long long r = k / hidden;
        const long long j = k % hidden;
        const LstmUnit u = lstm_unit(gates, c_prev, r, j, hidden);
        const double dh = grad_out[r * 2 * hidden + j];
        const double dc = grad_out[r * 2 * hidden + hidden + j] + dh * u.o * (1.0 - u.tanh_cell * u.tanh_cell);
        float* dg = grad_gates + r * 4 * hidden;
        dg[j] = (float)(dc * u.g * u.i * (1.0 - u.i));
        dg[hidden + j] = (float)(dc * u.prev * u.f * (1.0 - u.f));
        dg[2 * hidden + j] = (float)(dc * u.i * (1.0 - u.g * u.g));
        dg[3 * hidden + j] = (float)(dh * u.tanh_cell * u.o * (1.0 - u.o));
        grad_c_prev[r * hidden + j] = (float)(dc * u.f);
    }
}
