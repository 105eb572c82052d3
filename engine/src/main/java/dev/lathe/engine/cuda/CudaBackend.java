package dev.lathe.engine.cuda;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.AdamStep;
import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.backend.BinaryOp;
import dev.lathe.engine.backend.CompareOp;
import dev.lathe.engine.backend.Conv2dParams;
import dev.lathe.engine.backend.LayerNormOutput;
import dev.lathe.engine.backend.Pool2dParams;
import dev.lathe.engine.backend.PoolResult;
import dev.lathe.engine.backend.ReduceOp;
import dev.lathe.engine.backend.UnaryOp;
import dev.lathe.engine.cuda.kernels.CudaElementwise;
import dev.lathe.engine.cuda.kernels.CudaIndexing;
import dev.lathe.engine.cuda.kernels.CudaLstm;
import dev.lathe.engine.cuda.kernels.CudaNorm;
import dev.lathe.engine.cuda.kernels.CudaSoftmaxLoss;
import dev.lathe.engine.cuda.kernels.CudaOptim;
import dev.lathe.engine.cuda.kernels.CudaPooling;
import dev.lathe.engine.cuda.kernels.CudaRandom;
import dev.lathe.engine.cuda.kernels.CudaReduce;
import dev.lathe.engine.cuda.kernels.DeviceErrors;
import dev.lathe.engine.cuda.libraries.CudaLibraries;
import dev.lathe.engine.cuda.libraries.CudaLibraryReport;
import dev.lathe.engine.cuda.libraries.MissingCudaLibraryException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * The backend of one NVIDIA GPU: F32 and I32 tensors in device memory from a caching allocator,
 * all work queued on one stream. Matrix products run through cuBLAS, convolutions through cuDNN,
 * the other primitives through Lathe's own kernels (dev.lathe.engine.cuda.kernels, launched through
 * {@link KernelLauncher}). Nothing waits for the GPU except reading values back to the host.
 * F64 stays on the CPU (gradient checks): GPUs are slow at it, and no model needs it.
 */
public final class CudaBackend implements Backend, KernelLauncher {

    private static final Map<String, String> LIBRARY_FAILURES = new ConcurrentHashMap<>();

    private final Device device;
    private final CudaContext context;
    private final PtxModules modules;
    private final CachingAllocator<CUdeviceptr> allocator;
    private final CublasMatmul matmul;
    private final CudnnConvolution convolution;
    private final CudaLibraryReport libraries;
    private Tensor errorWord;

    private CudaBackend(Device device, CudaContext context, CublasMatmul matmul, CudnnConvolution convolution,
                        CachingAllocator<CUdeviceptr> allocator, CudaLibraryReport libraries) {
        this.device = device;
        this.libraries = libraries;
        this.context = context;
        this.modules = new PtxModules(context);
        this.allocator = allocator;
        this.matmul = matmul;
        this.convolution = convolution;
    }

    /** Opens the backend of {@code device}, or fails with one line naming what is missing. */
    static CudaBackend open(Device device) {
        try {
            CudaDriver.init();
            CudaContext context = new CudaContext(device.index());
            CudaLibraryReport libraries = requireLibraries();
            boolean tf32 = CudaSettings.tf32();
            CachingAllocator<CUdeviceptr> allocator = new CachingAllocator<>(new CudaMemory(context), device.toString());
            CublasMatmul matmul = library("cuBLAS", () -> new CublasMatmul(context, tf32));
            CudnnConvolution convolution = library("cuDNN", () -> new CudnnConvolution(context, allocator, tf32));
            return new CudaBackend(device, context, matmul, convolution, allocator, libraries);
        } catch (CudaUnavailableException e) {
            throw new CudaUnavailableException(device + " is not available: " + e.getMessage());
        }
    }

    /** Finds and loads cuBLAS and cuDNN (through the CUDA 13 compatibility libraries where needed) before their bindings load. */
    private static CudaLibraryReport requireLibraries() {
        try {
            return CudaLibraries.load().requireAll();
        } catch (MissingCudaLibraryException e) {
            throw new CudaUnavailableException(e.getMessage());
        }
    }

    private interface LibraryUser<T> {
        T open();
    }

    /**
     * Opens a library binding, turning JCublas's or JCudnn's multi-line link failure into one line,
     * kept for later attempts: after a failed load the binding's class answers only NoClassDefFoundError.
     */
    private static <T> T library(String name, LibraryUser<T> user) {
        String failed = LIBRARY_FAILURES.get(name);
        if (failed != null) {
            throw new CudaUnavailableException(failed);
        }
        try {
            return user.open();
        } catch (LinkageError e) {
            String reason = name + " library missing: " + LinkFailures.missingLibrary(e.getMessage())
                    .map(lib -> lib + " could not be loaded")
                    .orElse("its JCuda binding failed to load (" + LinkFailures.firstLine(e.getMessage()) + ")");
            LIBRARY_FAILURES.put(name, reason);
            throw new CudaUnavailableException(reason);
        }
    }

    @Override
    public Device device() {
        return device;
    }

    /** The GPU and the libraries in use, for {@code lathe devices}. */
    public String describe() {
        return context.info().describe() + ", cuBLAS " + matmul.version() + ", cuDNN " + CudnnConvolution.version() + ", "
                + String.join("; ", libraries.lines()) + (CudaSettings.tf32() ? ", TF32 on" : "");
    }

    public CachingAllocator.Stats memoryStats() {
        return allocator.stats();
    }

    /** Hands the allocator's cached blocks back to the driver (after the queued work has run). */
    public long releaseCachedMemory() {
        return allocator.releaseCached();
    }

    /** Waits until all work queued on this GPU has run, then raises any error a kernel recorded meanwhile. */
    public void synchronize() {
        context.synchronize();
        checkErrorWord();
    }

    /**
     * The device error word of {@link DeviceErrors}: created once, zeroed, and owned by the backend
     * (detached from any memory scope open at its first use, so a training step cannot free it).
     */
    @Override
    public synchronized Tensor errorWord() {
        if (errorWord == null) {
            Tensor word = MemoryScope.detach(empty(DType.I32, DeviceErrors.WORDS));
            fill(word, 0);
            errorWord = word;
        }
        return errorWord;
    }

    /** After a synchronisation: a set error word is cleared and thrown as the op's error. */
    private void checkErrorWord() {
        Tensor word;
        synchronized (this) {
            word = errorWord;
        }
        if (word == null) {
            return;
        }
        int[] words = new int[DeviceErrors.WORDS];
        CudaCalls.driver(JCudaDriver.cuMemcpyDtoH(Pointer.to(words), CudaStorage.address(word), (long) words.length * Integer.BYTES),
                () -> "cuMemcpyDtoH(error word)");
        if (DeviceErrors.isSet(words)) {
            fill(word, 0);
            throw DeviceErrors.error(words);
        }
    }

    // ---- kernel launching ----

    @Override
    public void launch(String family, String kernel, long n, Pointer... args) {
        if (n > 0) {
            launch(family, kernel, LaunchConfig.grid(n, context.info().multiprocessors()), LaunchConfig.BLOCK_SIZE, 0, args);
        }
    }

    @Override
    public void launch(String family, String kernel, int gridX, int blockX, int sharedBytes, Pointer... args) {
        context.bind();
        CudaCalls.driver(JCudaDriver.cuLaunchKernel(modules.function(family, kernel), gridX, 1, 1, blockX, 1, 1, sharedBytes,
                context.stream(), Pointer.to(args), null),
                () -> "launching " + family + "/" + kernel + " (grid " + gridX + ", block " + blockX + ", shared " + sharedBytes + " bytes)");
    }

    // ---- memory and transfer ----

    @Override
    public Tensor empty(DType dtype, int... shape) {
        requireDeviceType("empty", dtype);
        Shapes.checkDims(shape);
        int size = Shapes.numel(shape);
        CachingAllocator.Block<CUdeviceptr> block = allocator.allocate((long) size * dtype.byteSize());
        CudaStorage storage = new CudaStorage(device, dtype, size, block.handle(), block.bytes(),
                s -> allocator.release(new CachingAllocator.Block<>(s.pointer(), s.bytes())));
        return Tensor.wrap(storage, shape);
    }

    @Override
    public Tensor fromArray(float[] data, int... shape) {
        Tensor out = empty(DType.F32, checkLength(data.length, shape));
        ByteBuffer host = hostBuffer(data.length);
        host.asFloatBuffer().put(data);
        upload(host, out);
        return out;
    }

    @Override
    public Tensor fromArray(double[] data, int... shape) {
        throw new IllegalArgumentException(f64Rejected("fromArray of [" + Shapes.format(shape) + "] f64"));
    }

    @Override
    public Tensor fromArray(int[] data, int... shape) {
        Tensor out = empty(DType.I32, checkLength(data.length, shape));
        ByteBuffer host = hostBuffer(data.length);
        host.asIntBuffer().put(data);
        upload(host, out);
        return out;
    }

    private static int[] checkLength(int length, int[] shape) {
        Shapes.checkDims(shape);
        if (Shapes.numel(shape) != length) {
            throw new IllegalArgumentException(length + " values do not fill shape [" + Shapes.format(shape) + "]");
        }
        return shape;
    }

    private static ByteBuffer hostBuffer(int elements) {
        return ByteBuffer.allocateDirect(elements * 4).order(ByteOrder.nativeOrder());
    }

    /**
     * Queues the copy of a host buffer into a new tensor. The buffer is pageable memory, so the
     * driver stages it before returning (the copy is as good as synchronous for the host side): the
     * buffer may be dropped at once, while the device side runs in stream order with later kernels.
     */
    private void upload(ByteBuffer host, Tensor out) {
        long bytes = host.capacity();
        if (bytes == 0) {
            return;
        }
        context.bind();
        CudaCalls.driver(JCudaDriver.cuMemcpyHtoDAsync(CudaStorage.address(out), Pointer.to(host), bytes, context.stream()),
                () -> "cuMemcpyHtoDAsync(" + bytes + " bytes to " + out.describe() + ")");
    }

    @Override
    public float[] toFloatArray(Tensor t) {
        float[] out = new float[t.numel()];
        download(t, DType.F32, Pointer.to(out));
        return out;
    }

    /** Widened on the host from the F32 (or I32) values: the device holds no F64. */
    @Override
    public double[] toDoubleArray(Tensor t) {
        if (t.dtype() == DType.I32) {
            return Arrays.stream(toIntArray(t)).asDoubleStream().toArray();
        }
        float[] values = toFloatArray(t);
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    @Override
    public int[] toIntArray(Tensor t) {
        int[] out = new int[t.numel()];
        download(t, DType.I32, Pointer.to(out));
        return out;
    }

    /** Waits for the stream, then copies the tensor (made dense in {@code dtype} on the device first) to the host. */
    private void download(Tensor t, DType dtype, Pointer host) {
        requireHere("reading values", t);
        if (t.numel() == 0) {
            return;
        }
        try (Tensor dense = denseAs(t, dtype)) {
            synchronize();
            long bytes = (long) t.numel() * dtype.byteSize();
            CudaCalls.driver(JCudaDriver.cuMemcpyDtoH(host, CudaStorage.address(dense), bytes),
                    () -> "cuMemcpyDtoH(" + bytes + " bytes from " + t.describe() + ")");
        }
    }

    /** A contiguous tensor of {@code dtype} with t's values: t itself (a new view) where it already is one. */
    private Tensor denseAs(Tensor t, DType dtype) {
        if (t.dtype() == dtype && t.isContiguous()) {
            return t.view(t.shape(), t.strides(), t.offset());
        }
        Tensor out = empty(dtype, t.shape());
        copy(t, out);
        return out;
    }

    /** A contiguous view or copy of t in its own dtype; the caller closes it. */
    Tensor dense(Tensor t) {
        return denseAs(t, t.dtype());
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        requireHere("copy", src, dst);
        if (!Arrays.equals(src.shape(), dst.shape())) {
            throw new IllegalArgumentException("copy: source " + src.describe() + " and destination " + dst.describe() + " differ in shape");
        }
        if (src.dtype() == dst.dtype() && src.isContiguous() && dst.isContiguous()) {
            long bytes = (long) src.numel() * src.dtype().byteSize();
            if (bytes > 0) {
                context.bind();
                CudaCalls.driver(JCudaDriver.cuMemcpyDtoDAsync(CudaStorage.address(dst), CudaStorage.address(src), bytes, context.stream()),
                        () -> "cuMemcpyDtoDAsync(" + bytes + " bytes, " + src.describe() + " to " + dst.describe() + ")");
            }
            return;
        }
        CudaElementwise.copy(this, src, dst);
    }

    /** A contiguous destination is set with cuMemsetD32 (both dtypes are 32-bit); a strided one by a kernel. */
    @Override
    public void fill(Tensor dst, double value) {
        requireHere("fill", dst);
        if (!dst.isContiguous()) {
            CudaElementwise.fill(this, dst, value);
            return;
        }
        if (dst.numel() > 0) {
            int bits = dst.dtype() == DType.I32 ? (int) value : Float.floatToRawIntBits((float) value);
            context.bind();
            CudaCalls.driver(JCudaDriver.cuMemsetD32Async(CudaStorage.address(dst), bits, dst.numel(), context.stream()),
                    () -> "cuMemsetD32Async(" + dst.describe() + ", " + value + ")");
        }
    }

    // ---- elementwise ----

    @Override
    public Tensor unary(UnaryOp op, Tensor x) {
        requireHere("unary " + op, x);
        return CudaElementwise.unary(this, op, x);
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        requireHere(op.name().toLowerCase(), a, b);
        return CudaElementwise.binary(this, op, a, b);
    }

    @Override
    public Tensor compare(CompareOp op, Tensor a, Tensor b) {
        requireHere(op.name().toLowerCase(), a, b);
        return CudaElementwise.compare(this, op, a, b);
    }

    @Override
    public Tensor where(Tensor cond, Tensor a, Tensor b) {
        requireHere("where", cond, a, b);
        return CudaElementwise.where(this, cond, a, b);
    }

    // ---- reductions ----

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        requireHere(op.name().toLowerCase(), x);
        return CudaReduce.reduce(this, op, x, axes, keepDims);
    }

    @Override
    public Tensor argmax(Tensor x, int axis, boolean keepDims) {
        requireHere("argmax", x);
        return CudaReduce.argmax(this, x, axis, keepDims);
    }

    // ---- linear algebra, convolution ----

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        requireHere("matmul", a, b);
        requireF32("matmul", a, b);
        return matmul.matmul(this, a, b);
    }

    @Override
    public Tensor conv2d(Tensor input, Tensor weight, Conv2dParams p) {
        requireHere("conv2d", input, weight);
        requireF32("conv2d", input, weight);
        return convolution.forward(this, input, weight, p);
    }

    @Override
    public Tensor conv2dBackwardData(Tensor gradOutput, Tensor weight, int[] inputShape, Conv2dParams p) {
        requireHere("conv2d backward", gradOutput, weight);
        requireF32("conv2d backward", gradOutput, weight);
        return convolution.backwardData(this, gradOutput, weight, inputShape, p);
    }

    @Override
    public Tensor conv2dBackwardFilter(Tensor input, Tensor gradOutput, int[] weightShape, Conv2dParams p) {
        requireHere("conv2d backward", input, gradOutput);
        requireF32("conv2d backward", input, gradOutput);
        return convolution.backwardFilter(this, input, gradOutput, weightShape, p);
    }

    // ---- pooling ----

    @Override
    public PoolResult maxPool2d(Tensor input, Pool2dParams p) {
        requireHere("max pool", input);
        return CudaPooling.maxPool2d(this, input, p);
    }

    @Override
    public Tensor maxPool2dBackward(Tensor gradOutput, Tensor indices, int[] inputShape) {
        requireHere("max pool backward", gradOutput, indices);
        return CudaPooling.maxPool2dBackward(this, gradOutput, indices, inputShape);
    }

    @Override
    public Tensor avgPool2d(Tensor input, Pool2dParams p) {
        requireHere("average pool", input);
        return CudaPooling.avgPool2d(this, input, p);
    }

    @Override
    public Tensor avgPool2dBackward(Tensor gradOutput, int[] inputShape, Pool2dParams p) {
        requireHere("average pool backward", gradOutput);
        return CudaPooling.avgPool2dBackward(this, gradOutput, inputShape, p);
    }

    // ---- indexing ----

    @Override
    public Tensor indexSelect(Tensor x, int dim, Tensor index) {
        requireHere("index select", x, index);
        return CudaIndexing.indexSelect(this, x, dim, index);
    }

    @Override
    public Tensor embeddingBagSum(Tensor table, Tensor ids) {
        requireHere("embedding bag", table, ids);
        // the lookup and the sum, both on the device: no kernel of its own yet
        try (Tensor rows = CudaIndexing.indexSelect(this, table, 0, ids)) {
            return CudaReduce.reduce(this, ReduceOp.SUM, rows, new int[] {1}, false);
        }
    }

    @Override
    public Tensor indexAdd(int[] shape, int dim, Tensor index, Tensor source) {
        requireHere("index add", index, source);
        return CudaIndexing.indexAdd(this, shape, dim, index, source);
    }

    @Override
    public Tensor gather(Tensor x, int dim, Tensor index) {
        requireHere("gather", x, index);
        return CudaIndexing.gather(this, x, dim, index);
    }

    @Override
    public Tensor scatterAdd(int[] shape, int dim, Tensor index, Tensor source) {
        requireHere("scatter add", index, source);
        return CudaIndexing.scatterAdd(this, shape, dim, index, source);
    }

    // ---- random ----

    @Override
    public Tensor uniform(DType dtype, int[] shape, double low, double high, Generator generator) {
        requireDeviceType("uniform", dtype);
        return CudaRandom.uniform(this, dtype, shape, low, high, generator);
    }

    @Override
    public Tensor normal(DType dtype, int[] shape, double mean, double std, Generator generator) {
        requireDeviceType("normal", dtype);
        return CudaRandom.normal(this, dtype, shape, mean, std, generator);
    }

    @Override
    public Tensor bernoulli(DType dtype, int[] shape, double p, Generator generator) {
        requireDeviceType("bernoulli", dtype);
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("bernoulli probability must lie in [0, 1], got " + p);
        }
        return CudaRandom.bernoulli(this, dtype, shape, p, generator);
    }

    // ---- row-wise normalisations ----

    @Override
    public Tensor softmax(Tensor x, boolean log) {
        requireHere(log ? "log_softmax" : "softmax", x);
        return log ? CudaSoftmaxLoss.logSoftmax(this, x, -1) : CudaSoftmaxLoss.softmax(this, x, -1);
    }

    @Override
    public Tensor softmaxBackward(Tensor y, Tensor gradOutput, boolean log) {
        requireHere(log ? "log_softmax backward" : "softmax backward", y, gradOutput);
        return log ? CudaSoftmaxLoss.logSoftmaxBackward(this, y, gradOutput, -1) : CudaSoftmaxLoss.softmaxBackward(this, y, gradOutput, -1);
    }

    @Override
    public LayerNormOutput layerNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        requireHere("layer_norm", present(x, weight, bias));
        return CudaNorm.layerNorm(this, x, weight, bias, eps);
    }

    @Override
    public Tensor layerNormBackward(Tensor x, Tensor gradOutput, Tensor weight, LayerNormOutput forward) {
        requireHere("layer_norm backward", present(x, gradOutput, weight));
        return CudaNorm.layerNormBackward(this, x, gradOutput, weight, forward);
    }

    @Override
    public Tensor[] layerNormParamsBackward(Tensor x, Tensor gradOutput, LayerNormOutput forward, boolean weightGrad,
            boolean biasGrad) {
        requireHere("layer_norm backward", x, gradOutput);
        return CudaNorm.layerNormParamsBackward(this, x, gradOutput, forward, weightGrad, biasGrad);
    }

    // ---- recurrent cells ----

    @Override
    public Tensor lstmCell(Tensor gates, Tensor cPrev) {
        requireHere("lstm_cell", gates, cPrev);
        return CudaLstm.cell(this, gates, cPrev);
    }

    @Override
    public Tensor[] lstmCellBackward(Tensor gradOutput, Tensor gates, Tensor cPrev) {
        requireHere("lstm_cell backward", gradOutput, gates, cPrev);
        return CudaLstm.cellBackward(this, gradOutput, gates, cPrev);
    }

    // ---- optimizer updates ----

    @Override
    public void adamUpdate(Tensor value, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamStep step) {
        requireHere("adam update", value, grad, expAvg, expAvgSq);
        requireF32("adam update", value, grad, expAvg, expAvgSq);
        CudaOptim.adamUpdate(this, value, grad, expAvg, expAvgSq, step);
    }

    // ---- checks ----

    /** Every operand must live on this GPU: mixing devices is an error, never an implicit copy. */
    /** The operands that were given: an optional weight or bias may be null. */
    private static Tensor[] present(Tensor... operands) {
        return java.util.Arrays.stream(operands).filter(java.util.Objects::nonNull).toArray(Tensor[]::new);
    }

    private void requireHere(String op, Tensor... operands) {
        for (Tensor t : operands) {
            if (!t.device().equals(device)) {
                throw new IllegalArgumentException(DeviceChecks.mixedDevices(op, device, operands));
            }
        }
    }

    private void requireF32(String op, Tensor... operands) {
        for (Tensor t : operands) {
            if (t.dtype() != DType.F32) {
                throw new IllegalArgumentException(op + " on " + device + " needs f32 operands, got " + t.describe());
            }
        }
    }

    private void requireDeviceType(String op, DType dtype) {
        if (dtype == DType.F64) {
            throw new IllegalArgumentException(f64Rejected(op + " f64"));
        }
    }

    private String f64Rejected(String what) {
        return what + ": " + device + " holds f32 and i32 tensors only (f64 is CPU-only, for gradient checks);"
                + " convert with .to(DType.F32) first";
    }
}
