// Runs one kernel of native/src/main/cuda on the host (see cuda_host_shim.h) for the engine's
// HostKernelsTest, which describes the launch exactly as a KernelLauncher receives it.
//
//   kernel_host_runner REQUEST RESPONSE
//
// REQUEST (little-endian): int32 name length, name bytes; int32 threads (blockDim.x of the one
// block, 1 for grid-stride kernels); int32 buffer count, per buffer int64
// byte size and the bytes; int32 argument count, per argument int32 tag and its value:
//   0 pointer: int32 buffer, int64 byte offset   1 int32   2 int64   3 float   4 double
//   5 Layout: its 136 bytes, exactly as the Java marshaller wrote them   6 null pointer
// RESPONSE: every buffer's bytes after the kernel ran, in request order.
// "philox4x32_10" is not a kernel: it writes philox4x32_10(counter, key) (int32 args c0..c3, k0,
// k1) into buffer 0, for known-answer checks.
#include "cuda_host_shim.h"

#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "attention.cu"
#include "elementwise.cu"
#include "index.cu"
#include "lstm.cu"
#include "norm.cu"
#include "optim.cu"
#include "pool.cu"
#include "random.cu"
// reduce.cu's block-per-output max/min share their names with elementwise.cu's binary max/min (each
// PTX module has its own namespace); in this one translation unit they get a reduce_ prefix
#define max_f32 reduce_max_f32
#define min_f32 reduce_min_f32
#define max_i32 reduce_max_i32
#define min_i32 reduce_min_i32
#include "reduce.cu"
#include "softmax_loss.cu"
#undef max_f32
#undef min_f32
#undef max_i32
#undef min_i32

static std::vector<std::vector<unsigned char>> buffers;
static std::vector<std::vector<unsigned char>> args;  // each argument's value bytes

template <typename T>
static T arg(size_t i) {
    T v;
    if (args.at(i).size() != sizeof(T)) {
        std::fprintf(stderr, "argument %zu holds %zu bytes, the kernel takes %zu\n", i, args[i].size(), sizeof(T));
        std::exit(3);
    }
    std::memcpy(&v, args[i].data(), sizeof v);
    return v;
}

#define P(i, T) arg<T>(i)
#define F(i) P(i, float*)
#define I(i) P(i, int*)
#define L(i) P(i, Layout)
#define LL(i) P(i, long long)
#define INT(i) P(i, int)
#define D(i) P(i, double)

static std::map<std::string, std::function<void()>> kernels() {
    std::map<std::string, std::function<void()>> k;
#define UN(name) k[#name "_f32"] = [] { name##_f32(F(0), L(1), F(2), LL(3)); };
    UN(neg) UN(abs) UN(sign) UN(exp) UN(log) UN(sqrt) UN(tanh) UN(sigmoid) UN(relu) UN(erf) UN(reciprocal) UN(gelu) UN(gelu_derivative)
#define BIN(name)                                                                     \
    k[#name "_f32"] = [] { name##_f32(F(0), L(1), F(2), L(3), F(4), LL(5)); };        \
    k[#name "_i32"] = [] { name##_i32(I(0), L(1), I(2), L(3), I(4), LL(5)); };
    BIN(add) BIN(sub) BIN(mul) BIN(div) BIN(pow) BIN(max) BIN(min) BIN(relu_backward)
    BIN(eq) BIN(ne) BIN(lt) BIN(le) BIN(gt) BIN(ge)
    k["where_f32"] = [] { where_f32(P(0, void*), L(1), INT(2), F(3), L(4), F(5), L(6), F(7), LL(8)); };
    k["where_i32"] = [] { where_i32(P(0, void*), L(1), INT(2), I(3), L(4), I(5), L(6), I(7), LL(8)); };
    k["fill_f32"] = [] { fill_f32(F(0), L(1), P(2, float), LL(3)); };
    k["fill_i32"] = [] { fill_i32(I(0), L(1), INT(2), LL(3)); };
    k["copy_f32"] = [] { copy_f32(F(0), L(1), F(2), L(3), LL(4)); };
    k["copy_i32"] = [] { copy_i32(I(0), L(1), I(2), L(3), LL(4)); };
    k["copy_f32_to_i32"] = [] { copy_f32_to_i32(F(0), L(1), I(2), L(3), LL(4)); };
    k["copy_i32_to_f32"] = [] { copy_i32_to_f32(I(0), L(1), F(2), L(3), LL(4)); };
#define RED(name)                                                                     \
    k[#name "_serial_f32"] = [] { name##_serial_f32(F(0), L(1), L(2), F(3), LL(4), LL(5)); }; \
    k[#name "_serial_i32"] = [] { name##_serial_i32(I(0), L(1), L(2), I(3), LL(4), LL(5)); };
    RED(sum) RED(max) RED(min)
    k["reduce/sum_f32"] = [] { sum_f32(F(0), L(1), L(2), F(3), LL(4), LL(5)); };
    k["reduce/sum_i32"] = [] { sum_i32(I(0), L(1), L(2), I(3), LL(4), LL(5)); };
    k["reduce/max_f32"] = [] { reduce_max_f32(F(0), L(1), L(2), F(3), LL(4), LL(5)); };
    k["reduce/max_i32"] = [] { reduce_max_i32(I(0), L(1), L(2), I(3), LL(4), LL(5)); };
    k["reduce/min_f32"] = [] { reduce_min_f32(F(0), L(1), L(2), F(3), LL(4), LL(5)); };
    k["reduce/min_i32"] = [] { reduce_min_i32(I(0), L(1), L(2), I(3), LL(4), LL(5)); };
    k["argmax_f32"] = [] { argmax_f32(F(0), L(1), L(2), I(3), LL(4), LL(5)); };
    k["argmax_i32"] = [] { argmax_i32(I(0), L(1), L(2), I(3), LL(4), LL(5)); };
    k["argmax_serial_f32"] = [] { argmax_serial_f32(F(0), L(1), L(2), I(3), LL(4), LL(5)); };
    k["argmax_serial_i32"] = [] { argmax_serial_i32(I(0), L(1), L(2), I(3), LL(4), LL(5)); };
    k["index_select_f32"] = [] { index_select_f32(F(0), I(1), F(2), LL(3), LL(4), LL(5), LL(6), I(7)); };
    k["index_select_i32"] = [] { index_select_i32(I(0), I(1), I(2), LL(3), LL(4), LL(5), LL(6), I(7)); };
    k["index_add_f32"] = [] { index_add_f32(I(0), F(1), F(2), LL(3), LL(4), LL(5), LL(6), I(7)); };
    k["gather_f32"] = [] { gather_f32(F(0), L(1), LL(2), LL(3), I(4), L(5), F(6), LL(7), I(8)); };
    k["gather_i32"] = [] { gather_i32(I(0), L(1), LL(2), LL(3), I(4), L(5), I(6), LL(7), I(8)); };
    k["scatter_add_f32"] = [] {
        scatter_add_f32(I(0), L(1), LL(2), F(3), L(4), LL(5), F(6), L(7), LL(8), LL(9), LL(10), LL(11), I(12));
    };
    k["max_pool2d_f32"] = [] {
        max_pool2d_f32(F(0), F(1), I(2), LL(3), INT(4), INT(5), INT(6), INT(7), INT(8), INT(9), INT(10), INT(11), INT(12), INT(13));
    };
    k["max_pool2d_backward_f32"] = [] { max_pool2d_backward_f32(F(0), I(1), F(2), LL(3), LL(4), LL(5), I(6)); };
    k["avg_pool2d_f32"] = [] {
        avg_pool2d_f32(F(0), F(1), LL(2), INT(3), INT(4), INT(5), INT(6), INT(7), INT(8), INT(9), INT(10), INT(11), INT(12), INT(13));
    };
    k["avg_pool2d_backward_f32"] = [] {
        avg_pool2d_backward_f32(F(0), F(1), LL(2), INT(3), INT(4), INT(5), INT(6), INT(7), INT(8), INT(9), INT(10), INT(11), INT(12), INT(13));
    };
    k["uniform_f32"] = [] { uniform_f32(F(0), LL(1), LL(2), D(3), D(4)); };
    k["normal_f32"] = [] { normal_f32(F(0), LL(1), LL(2), D(3), D(4)); };
    k["bernoulli_f32"] = [] { bernoulli_f32(F(0), LL(1), LL(2), D(3)); };
    k["adam_f32"] = [] { adam_f32(F(0), F(1), F(2), F(3), LL(4), D(5), D(6), D(7), D(8), D(9), D(10), D(11)); };
    k["softmax_f32"] = [] { softmax_f32(F(0), F(1), LL(2), LL(3)); };
    k["log_softmax_f32"] = [] { log_softmax_f32(F(0), F(1), LL(2), LL(3)); };
    k["softmax_backward_f32"] = [] { softmax_backward_f32(F(0), F(1), F(2), LL(3), LL(4)); };
    k["log_softmax_backward_f32"] = [] { log_softmax_backward_f32(F(0), F(1), F(2), LL(3), LL(4)); };
    k["cross_entropy_f32"] = [] { cross_entropy_f32(F(0), I(1), F(2), F(3), LL(4), LL(5), INT(6), I(7)); };
    k["cross_entropy_backward_f32"] = [] { cross_entropy_backward_f32(F(0), I(1), F(2), F(3), LL(4), LL(5), INT(6)); };
    k["lstm_cell_f32"] = [] { lstm_cell_f32(F(0), F(1), F(2), LL(3), LL(4)); };
    k["lstm_cell_backward_f32"] = [] { lstm_cell_backward_f32(F(0), F(1), F(2), F(3), F(4), LL(5), LL(6)); };
    k["layer_norm_f32"] = [] { layer_norm_f32(F(0), F(1), F(2), F(3), F(4), F(5), LL(6), LL(7), D(8)); };
    k["layer_norm_backward_f32"] = [] { layer_norm_backward_f32(F(0), F(1), F(2), F(3), F(4), F(5), LL(6), LL(7)); };
    k["layer_norm_params_backward_f32"] = [] {
        layer_norm_params_backward_f32(F(0), F(1), F(2), F(3), F(4), F(5), LL(6), LL(7));
    };
    k["attention_softmax_f32"] = [] { attention_softmax_f32(F(0), F(1), F(2), LL(3), LL(4), LL(5), P(6, float)); };
    k["attention_softmax_backward_f32"] = [] { attention_softmax_backward_f32(F(0), F(1), F(2), LL(3), LL(4), P(5, float)); };
    k["philox4x32_10"] = [] {
        const Philox4 c = {{(unsigned)INT(1), (unsigned)INT(2), (unsigned)INT(3), (unsigned)INT(4)}};
        const Philox4 r = philox4x32_10(c, (unsigned)INT(5), (unsigned)INT(6));
        std::memcpy(I(0), r.v, sizeof r.v);
    };
    return k;
}

// the kernel the block's threads run
static std::function<void()>& current() {
    static std::function<void()> f;
    return f;
}

template <typename T>
static T read(FILE* f) {
    T v;
    if (std::fread(&v, sizeof v, 1, f) != 1) {
        std::fprintf(stderr, "request ends early\n");
        std::exit(2);
    }
    return v;
}

static std::vector<unsigned char> read_bytes(FILE* f, size_t n) {
    std::vector<unsigned char> b(n);
    if (n > 0 && std::fread(b.data(), 1, n, f) != n) {
        std::fprintf(stderr, "request ends early\n");
        std::exit(2);
    }
    return b;
}

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s REQUEST RESPONSE\n", argv[0]);
        return 2;
    }
    FILE* in = std::fopen(argv[1], "rb");
    if (!in) {
        std::perror(argv[1]);
        return 2;
    }
    const int name_length = read<int>(in);
    std::vector<unsigned char> name_bytes = read_bytes(in, name_length);
    const std::string name(name_bytes.begin(), name_bytes.end());
    const int threads = read<int>(in);
    const int buffer_count = read<int>(in);
    for (int b = 0; b < buffer_count; ++b) {
        buffers.push_back(read_bytes(in, (size_t)read<long long>(in)));
    }
    const int arg_count = read<int>(in);
    for (int a = 0; a < arg_count; ++a) {
        const int tag = read<int>(in);
        std::vector<unsigned char> value;
        if (tag == 6) {
            void* p = nullptr;
            value.resize(sizeof p);
            std::memcpy(value.data(), &p, sizeof p);
        } else if (tag == 0) {
            const int buffer = read<int>(in);
            const long long offset = read<long long>(in);
            void* p = buffers.at(buffer).data() + offset;
            value.resize(sizeof p);
            std::memcpy(value.data(), &p, sizeof p);
        } else {
            static const size_t sizes[] = {0, 4, 8, 4, 8, sizeof(Layout)};
            if (tag < 1 || tag > 5) {
                std::fprintf(stderr, "unknown argument tag %d\n", tag);
                return 2;
            }
            value = read_bytes(in, sizes[tag]);
        }
        args.push_back(value);
    }
    std::fclose(in);
    auto table = kernels();
    // block-launched max/min are the reductions, not the binary ops of the same name
    auto kernel = table.find(threads > 1 && table.count("reduce/" + name) ? "reduce/" + name : name);
    if (kernel == table.end()) {
        std::fprintf(stderr, "no host form of kernel %s\n", name.c_str());
        return 4;
    }
    current() = kernel->second;
    if (threads <= 1) {
        kernel->second();
    } else {
        blockDim.x = threads;
        pthread_barrier_init(&host_block_barrier, nullptr, threads);
        std::vector<pthread_t> block(threads);
        std::vector<unsigned> ids(threads);
        for (int t = 0; t < threads; ++t) {
            ids[t] = t;
            pthread_create(&block[t], nullptr, [](void* id) -> void* {
                threadIdx.x = *(unsigned*)id;
                current()();
                return nullptr;
            }, &ids[t]);
        }
        for (pthread_t& t : block) {
            pthread_join(t, nullptr);
        }
    }
    FILE* out = std::fopen(argv[2], "wb");
    for (auto& b : buffers) {
        std::fwrite(b.data(), 1, b.size(), out);
    }
    std::fclose(out);
    return 0;
}
