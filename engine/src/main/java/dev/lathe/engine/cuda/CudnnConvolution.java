package dev.lathe.engine.cuda;

import static jcuda.jcudnn.JCudnn.cudnnConvolutionBackwardData;
import static jcuda.jcudnn.JCudnn.cudnnConvolutionBackwardFilter;
import static jcuda.jcudnn.JCudnn.cudnnConvolutionForward;

import dev.lathe.engine.DType;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.Conv2dParams;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntUnaryOperator;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnConvolutionBwdDataAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionBwdFilterAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionDescriptor;
import jcuda.jcudnn.cudnnConvolutionFwdAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionMode;
import jcuda.jcudnn.cudnnDataType;
import jcuda.jcudnn.cudnnFilterDescriptor;
import jcuda.jcudnn.cudnnHandle;
import jcuda.jcudnn.cudnnMathType;
import jcuda.jcudnn.cudnnStatus;
import jcuda.jcudnn.cudnnTensorDescriptor;
import jcuda.jcudnn.cudnnTensorFormat;
import jcuda.runtime.cudaStream_t;

/**
 * Convolutions and their gradients through cuDNN (NCHW, float). Each problem shape gets its
 * descriptors and algorithm once — cuDNN's heuristic choice (the _v7 queries), the first it rates
 * as supported — cached with its workspace size; the workspace itself comes from the caching
 * allocator per call. Without TF32 the convolutions use FMA math: cuDNN's default math would
 * otherwise use TF32 tensor cores on Ampere and later, unlike the CPU and PyTorch's default.
 */
final class CudnnConvolution {

    private static final Pointer ONE = Pointer.to(new float[] {1f});
    private static final Pointer ZERO = Pointer.to(new float[] {0f});
    private static final int ALGORITHMS_ASKED = 8; // more than any direction has

    /** A problem's descriptors, algorithm and workspace size. */
    private record Plan(cudnnTensorDescriptor input, cudnnFilterDescriptor weight, cudnnConvolutionDescriptor conv,
                        cudnnTensorDescriptor output, int algorithm, long workspaceBytes) {
    }

    private final CudaContext context;
    private final CachingAllocator<CUdeviceptr> allocator;
    private final boolean tf32;
    private final cudnnHandle handle = new cudnnHandle();
    private final Map<ConvKey, Plan> plans = new ConcurrentHashMap<>();

    CudnnConvolution(CudaContext context, CachingAllocator<CUdeviceptr> allocator, boolean tf32) {
        this.context = context;
        this.allocator = allocator;
        this.tf32 = tf32;
        context.bind();
        CudaCalls.cudnn(JCudnn.cudnnCreate(handle), () -> "cudnnCreate");
        CudaCalls.cudnn(JCudnn.cudnnSetStream(handle, new cudaStream_t(context.stream())), () -> "cudnnSetStream");
    }

    /** cuDNN's version as "major.minor.patch" (9.1.0 is 90100; 8.9.7 was 8907). */
    static String version() {
        long v = JCudnn.cudnnGetVersion();
        return v >= 90000 ? v / 10000 + "." + v / 100 % 100 + "." + v % 100 : v / 1000 + "." + v / 100 % 10 + "." + v % 100;
    }

    Tensor forward(CudaBackend backend, Tensor input, Tensor weight, Conv2dParams p) {
        ConvGeometry.check(input.shape(), weight.shape(), p);
        ConvKey key = ConvKey.of(ConvKey.Direction.FORWARD, input.shape(), weight.shape(), p);
        Tensor out = backend.empty(DType.F32, key.outputShape());
        if (out.numel() == 0 || input.numel() == 0 || weight.numel() == 0) {
            backend.fill(out, 0);
            return out;
        }
        Plan plan = plans.computeIfAbsent(key, this::plan);
        try (Tensor x = backend.dense(input); Tensor w = backend.dense(weight)) {
            run(plan, workspace -> cudnnConvolutionForward(handle, ONE, plan.input(), CudaStorage.address(x), plan.weight(),
                    CudaStorage.address(w), plan.conv(), plan.algorithm(), workspace, plan.workspaceBytes(), ZERO, plan.output(),
                    CudaStorage.address(out)), "cudnnConvolutionForward", key);
        }
        return out;
    }

    Tensor backwardData(CudaBackend backend, Tensor gradOutput, Tensor weight, int[] inputShape, Conv2dParams p) {
        ConvGeometry.check(inputShape, weight.shape(), p);
        ConvKey key = ConvKey.of(ConvKey.Direction.BACKWARD_DATA, inputShape, weight.shape(), p);
        requireShape("conv2d backward: gradient of the output", gradOutput, key.outputShape());
        Tensor gradInput = backend.empty(DType.F32, inputShape);
        if (gradOutput.numel() == 0 || weight.numel() == 0) {
            backend.fill(gradInput, 0);
            return gradInput;
        }
        Plan plan = plans.computeIfAbsent(key, this::plan);
        try (Tensor dy = backend.dense(gradOutput); Tensor w = backend.dense(weight)) {
            run(plan, workspace -> cudnnConvolutionBackwardData(handle, ONE, plan.weight(), CudaStorage.address(w), plan.output(),
                    CudaStorage.address(dy), plan.conv(), plan.algorithm(), workspace, plan.workspaceBytes(), ZERO, plan.input(),
                    CudaStorage.address(gradInput)), "cudnnConvolutionBackwardData", key);
        }
        return gradInput;
    }

    Tensor backwardFilter(CudaBackend backend, Tensor input, Tensor gradOutput, int[] weightShape, Conv2dParams p) {
        ConvGeometry.check(input.shape(), weightShape, p);
        ConvKey key = ConvKey.of(ConvKey.Direction.BACKWARD_FILTER, input.shape(), weightShape, p);
        requireShape("conv2d backward: gradient of the output", gradOutput, key.outputShape());
        Tensor gradWeight = backend.empty(DType.F32, weightShape);
        if (gradOutput.numel() == 0 || input.numel() == 0) {
            backend.fill(gradWeight, 0);
            return gradWeight;
        }
        Plan plan = plans.computeIfAbsent(key, this::plan);
        try (Tensor x = backend.dense(input); Tensor dy = backend.dense(gradOutput)) {
            run(plan, workspace -> cudnnConvolutionBackwardFilter(handle, ONE, plan.input(), CudaStorage.address(x), plan.output(),
                    CudaStorage.address(dy), plan.conv(), plan.algorithm(), workspace, plan.workspaceBytes(), ZERO, plan.weight(),
                    CudaStorage.address(gradWeight)), "cudnnConvolutionBackwardFilter", key);
        }
        return gradWeight;
    }

    private interface Call {
        int run(Pointer workspace);
    }

    /** Runs one cuDNN call with a workspace block from the allocator, handed back at once (the stream orders its reuse). */
    private void run(Plan plan, Call call, String name, ConvKey key) {
        context.bind();
        CachingAllocator.Block<CUdeviceptr> workspace = plan.workspaceBytes() > 0 ? allocator.allocate(plan.workspaceBytes()) : null;
        try {
            CudaCalls.cudnn(call.run(workspace == null ? new Pointer() : workspace.handle()),
                    () -> name + " for " + key + " (algorithm " + plan.algorithm() + ", workspace " + plan.workspaceBytes() + " bytes)");
        } finally {
            if (workspace != null) {
                allocator.release(workspace);
            }
        }
    }

    private static void requireShape(String what, Tensor t, int[] expected) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw new IllegalArgumentException(what + " is " + t.describe() + ", expected [" + Shapes.format(expected) + "]");
        }
    }

    private Plan plan(ConvKey key) {
        context.bind();
        int[] in = key.input().stream().mapToInt(Integer::intValue).toArray();
        int[] w = key.weight().stream().mapToInt(Integer::intValue).toArray();
        int[] out = key.outputShape();
        Conv2dParams p = key.params();
        cudnnTensorDescriptor inputDesc = tensor(in);
        cudnnTensorDescriptor outputDesc = tensor(out);
        cudnnFilterDescriptor weightDesc = new cudnnFilterDescriptor();
        CudaCalls.cudnn(JCudnn.cudnnCreateFilterDescriptor(weightDesc), () -> "cudnnCreateFilterDescriptor");
        CudaCalls.cudnn(JCudnn.cudnnSetFilter4dDescriptor(weightDesc, cudnnDataType.CUDNN_DATA_FLOAT, cudnnTensorFormat.CUDNN_TENSOR_NCHW,
                w[0], w[1], w[2], w[3]), () -> "cudnnSetFilter4dDescriptor for " + key);
        cudnnConvolutionDescriptor conv = new cudnnConvolutionDescriptor();
        CudaCalls.cudnn(JCudnn.cudnnCreateConvolutionDescriptor(conv), () -> "cudnnCreateConvolutionDescriptor");
        CudaCalls.cudnn(JCudnn.cudnnSetConvolution2dDescriptor(conv, p.padH(), p.padW(), p.strideH(), p.strideW(), p.dilationH(),
                p.dilationW(), cudnnConvolutionMode.CUDNN_CROSS_CORRELATION, cudnnDataType.CUDNN_DATA_FLOAT),
                () -> "cudnnSetConvolution2dDescriptor for " + key);
        CudaCalls.cudnn(JCudnn.cudnnSetConvolutionGroupCount(conv, p.groups()), () -> "cudnnSetConvolutionGroupCount for " + key);
        int math = tf32 ? cudnnMathType.CUDNN_TENSOR_OP_MATH : cudnnMathType.CUDNN_FMA_MATH;
        CudaCalls.cudnn(JCudnn.cudnnSetConvolutionMathType(conv, math), () -> "cudnnSetConvolutionMathType for " + key);
        int[] found = new int[1];
        int algorithm;
        long[] workspace = new long[1];
        switch (key.direction()) {
            case FORWARD -> {
                cudnnConvolutionFwdAlgoPerf[] perf = new cudnnConvolutionFwdAlgoPerf[ALGORITHMS_ASKED];
                for (int i = 0; i < perf.length; i++) {
                    perf[i] = new cudnnConvolutionFwdAlgoPerf();
                }
                CudaCalls.cudnn(JCudnn.cudnnGetConvolutionForwardAlgorithm_v7(handle, inputDesc, weightDesc, conv, outputDesc, perf.length,
                        found, perf), () -> "cudnnGetConvolutionForwardAlgorithm_v7 for " + key);
                int a = choose(found[0], i -> perf[i].status, i -> perf[i].algo, i -> perf[i].mathType, conv, key);
                algorithm = a;
                CudaCalls.cudnn(JCudnn.cudnnGetConvolutionForwardWorkspaceSize(handle, inputDesc, weightDesc, conv, outputDesc, a, workspace),
                        () -> "cudnnGetConvolutionForwardWorkspaceSize for " + key + " (algorithm " + a + ")");
            }
            case BACKWARD_DATA -> {
                cudnnConvolutionBwdDataAlgoPerf[] perf = new cudnnConvolutionBwdDataAlgoPerf[ALGORITHMS_ASKED];
                for (int i = 0; i < perf.length; i++) {
                    perf[i] = new cudnnConvolutionBwdDataAlgoPerf();
                }
                CudaCalls.cudnn(JCudnn.cudnnGetConvolutionBackwardDataAlgorithm_v7(handle, weightDesc, outputDesc, conv, inputDesc,
                        perf.length, found, perf), () -> "cudnnGetConvolutionBackwardDataAlgorithm_v7 for " + key);
                int a = choose(found[0], i -> perf[i].status, i -> perf[i].algo, i -> perf[i].mathType, conv, key);
                algorithm = a;
                CudaCalls.cudnn(JCudnn.cudnnGetConvolutionBackwardDataWorkspaceSize(handle, weightDesc, outputDesc, conv, inputDesc, a,
                        workspace), () -> "cudnnGetConvolutionBackwardDataWorkspaceSize for " + key + " (algorithm " + a + ")");
            }
            case BACKWARD_FILTER -> {
                cudnnConvolutionBwdFilterAlgoPerf[] perf = new cudnnConvolutionBwdFilterAlgoPerf[ALGORITHMS_ASKED];
                for (int i = 0; i < perf.length; i++) {
                    perf[i] = new cudnnConvolutionBwdFilterAlgoPerf();
                }
                CudaCalls.cudnn(JCudnn.cudnnGetConvolutionBackwardFilterAlgorithm_v7(handle, inputDesc, outputDesc, conv, weightDesc,
                        perf.length, found, perf), () -> "cudnnGetConvolutionBackwardFilterAlgorithm_v7 for " + key);
                int a = choose(found[0], i -> perf[i].status, i -> perf[i].algo, i -> perf[i].mathType, conv, key);
                algorithm = a;
                CudaCalls.cudnn(JCudnn.cudnnGetConvolutionBackwardFilterWorkspaceSize(handle, inputDesc, outputDesc, conv, weightDesc, a,
                        workspace), () -> "cudnnGetConvolutionBackwardFilterWorkspaceSize for " + key + " (algorithm " + a + ")");
            }
            default -> throw new IllegalStateException("unknown direction " + key.direction());
        }
        return new Plan(inputDesc, weightDesc, conv, outputDesc, algorithm, workspace[0]);
    }

    /**
     * The first of cuDNN's ranked algorithms that it rates as supported. With TF32 allowed, that
     * algorithm's math type is set on the descriptor, as cuDNN asks; without, FMA math stays.
     */
    private int choose(int found, IntUnaryOperator status, IntUnaryOperator algorithm, IntUnaryOperator math,
                       cudnnConvolutionDescriptor conv, ConvKey key) {
        for (int i = 0; i < found; i++) {
            if (status.applyAsInt(i) == cudnnStatus.CUDNN_STATUS_SUCCESS) {
                if (tf32) {
                    int m = math.applyAsInt(i);
                    CudaCalls.cudnn(JCudnn.cudnnSetConvolutionMathType(conv, m), () -> "cudnnSetConvolutionMathType(" + m + ") for " + key);
                }
                return algorithm.applyAsInt(i);
            }
        }
        throw new CudaCallException("cuDNN offers no supported algorithm for " + key);
    }

    private static cudnnTensorDescriptor tensor(int[] nchw) {
        cudnnTensorDescriptor desc = new cudnnTensorDescriptor();
        CudaCalls.cudnn(JCudnn.cudnnCreateTensorDescriptor(desc), () -> "cudnnCreateTensorDescriptor");
        CudaCalls.cudnn(JCudnn.cudnnSetTensor4dDescriptor(desc, cudnnTensorFormat.CUDNN_TENSOR_NCHW, cudnnDataType.CUDNN_DATA_FLOAT,
                nchw[0], nchw[1], nchw[2], nchw[3]), () -> "cudnnSetTensor4dDescriptor [" + Shapes.format(nchw) + "]");
        return desc;
    }
}
