package dev.lathe.engine.cpu;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
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

/** The CPU backend: Java kernels over heap arrays, OpenBLAS for matrix products, multi-threaded. */
public final class CpuBackend implements Backend {

    /** How matrix products reach OpenBLAS: "in place", or "copied (why)" where the in-place library is missing. */
    public static String gemmOperands() {
        return HeapBlas.available() ? "in place" : "copied (" + HeapBlas.problem() + ")";
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    // ---- memory and transfer ----

    @Override
    public Tensor empty(DType dtype, int... shape) {
        Shapes.checkDims(shape);
        return Tensor.wrap(CpuStorage.allocateUninitialized(dtype, Shapes.numel(shape)), shape);
    }

    @Override
    public Tensor fromArray(float[] data, int... shape) {
        checkLength(data.length, shape);
        return Tensor.wrap(new CpuStorage.F32(data.clone()), shape);
    }

    @Override
    public Tensor fromArray(double[] data, int... shape) {
        checkLength(data.length, shape);
        return Tensor.wrap(new CpuStorage.F64(data.clone()), shape);
    }

    @Override
    public Tensor fromArray(int[] data, int... shape) {
        checkLength(data.length, shape);
        return Tensor.wrap(new CpuStorage.I32(data.clone()), shape);
    }

    private static void checkLength(int length, int[] shape) {
        Shapes.checkDims(shape);
        if (Shapes.numel(shape) != length) {
            throw new IllegalArgumentException(length + " values do not fill shape [" + Shapes.format(shape) + "]");
        }
    }

    @Override
    public float[] toFloatArray(Tensor t) {
        try (Tensor dense = denseCopy(t, DType.F32)) {
            return ((CpuStorage.F32) CpuStorage.of(dense)).data().clone();
        }
    }

    @Override
    public double[] toDoubleArray(Tensor t) {
        try (Tensor dense = denseCopy(t, DType.F64)) {
            return ((CpuStorage.F64) CpuStorage.of(dense)).data().clone();
        }
    }

    @Override
    public int[] toIntArray(Tensor t) {
        try (Tensor dense = denseCopy(t, DType.I32)) {
            return ((CpuStorage.I32) CpuStorage.of(dense)).data().clone();
        }
    }

    private Tensor denseCopy(Tensor t, DType dtype) {
        Tensor out = empty(dtype, t.shape());
        copy(t, out);
        return out;
    }

    /**
     * The tensor itself as a new view when it is contiguous from offset 0, else a contiguous
     * copy; either way the caller closes the result.
     */
    public Tensor denseView(Tensor t) {
        if (t.isContiguous() && t.offset() == 0) {
            return t.view(t.shape(), t.strides(), 0);
        }
        return denseCopy(t, t.dtype());
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        CpuElementwise.copy(src, dst);
    }

    @Override
    public void fill(Tensor dst, double value) {
        CpuElementwise.fill(dst, value);
    }

    // ---- elementwise ----

    @Override
    public Tensor unary(UnaryOp op, Tensor x) {
        requireFloating("unary " + op, x);
        Tensor out = empty(x.dtype(), x.shape());
        if (x.dtype() == DType.F32 && !x.isContiguous() && FloatRuns.hasBlockKernel(op)) {
            // the block kernels pay a fixed cost per run: one copy turns the short rows of a
            // narrowed input (an LSTM's gates) into one long run, computed in place
            CpuElementwise.copy(x, out);
            CpuElementwise.unary(op, out, out);
        } else {
            CpuElementwise.unary(op, x, out);
        }
        return out;
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        requireSameDtype(op.name().toLowerCase(), a, b);
        Tensor out = empty(a.dtype(), Shapes.broadcast(a.shape(), b.shape()));
        CpuElementwise.binary(op, a, b, out);
        return out;
    }

    @Override
    public Tensor compare(CompareOp op, Tensor a, Tensor b) {
        requireSameDtype(op.name().toLowerCase(), a, b);
        Tensor out = empty(a.dtype(), Shapes.broadcast(a.shape(), b.shape()));
        CpuElementwise.compare(op, a, b, out);
        return out;
    }

    @Override
    public Tensor where(Tensor cond, Tensor a, Tensor b) {
        requireSameDtype("where", a, b);
        Tensor out = empty(a.dtype(), Shapes.broadcast(cond.shape(), Shapes.broadcast(a.shape(), b.shape())));
        CpuElementwise.where(cond, a, b, out);
        return out;
    }

    // ---- reductions ----

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        boolean[] reduced = op.reducedDims(x.shape(), axes);
        Tensor out = empty(x.dtype(), Shapes.reducedShape(x.shape(), reduced, keepDims));
        CpuReduce.reduce(op, x, reduced, out);
        return out;
    }

    @Override
    public Tensor argmax(Tensor x, int axis, boolean keepDims) {
        int a = Shapes.normalizeDim(axis, x.dim());
        if (x.size(a) == 0) {
            throw new IllegalArgumentException("argmax over an empty dimension of [" + Shapes.format(x.shape()) + "]");
        }
        int[] shape = x.shape();
        int[] outShape;
        if (keepDims) {
            outShape = shape.clone();
            outShape[a] = 1;
        } else {
            outShape = new int[shape.length - 1];
            for (int d = 0, k = 0; d < shape.length; d++) {
                if (d != a) {
                    outShape[k++] = shape[d];
                }
            }
        }
        Tensor out = empty(DType.I32, outShape);
        CpuReduce.argmax(x, a, out);
        return out;
    }

    // ---- linear algebra, convolution, pooling ----

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        return CpuMatmul.matmul(this, a, b);
    }

    @Override
    public Tensor conv2d(Tensor input, Tensor weight, Conv2dParams p) {
        requireSameDtype("conv2d", input, weight);
        return CpuConvolution.forward(this, input, weight, p);
    }

    @Override
    public Tensor conv2dBackwardData(Tensor gradOutput, Tensor weight, int[] inputShape, Conv2dParams p) {
        requireSameDtype("conv2d backward", gradOutput, weight);
        return CpuConvolution.backwardData(this, gradOutput, weight, inputShape, p);
    }

    @Override
    public Tensor conv2dBackwardFilter(Tensor input, Tensor gradOutput, int[] weightShape, Conv2dParams p) {
        requireSameDtype("conv2d backward", input, gradOutput);
        return CpuConvolution.backwardFilter(this, input, gradOutput, weightShape, p);
    }

    @Override
    public PoolResult maxPool2d(Tensor input, Pool2dParams p) {
        return CpuPooling.max(this, input, p);
    }

    @Override
    public Tensor maxPool2dBackward(Tensor gradOutput, Tensor indices, int[] inputShape) {
        return CpuPooling.maxBackward(this, gradOutput, indices, inputShape);
    }

    @Override
    public Tensor avgPool2d(Tensor input, Pool2dParams p) {
        return CpuPooling.average(this, input, p);
    }

    @Override
    public Tensor avgPool2dBackward(Tensor gradOutput, int[] inputShape, Pool2dParams p) {
        return CpuPooling.averageBackward(this, gradOutput, inputShape, p);
    }

    // ---- indexing ----

    @Override
    public Tensor indexSelect(Tensor x, int dim, Tensor index) {
        return CpuIndexing.indexSelect(this, x, Shapes.normalizeDim(dim, x.dim()), index);
    }

    @Override
    public Tensor embeddingBagSum(Tensor table, Tensor ids) {
        return CpuIndexing.embeddingBagSum(this, table, ids);
    }

    @Override
    public Tensor indexAdd(int[] shape, int dim, Tensor index, Tensor source) {
        return CpuIndexing.indexAdd(this, shape, Shapes.normalizeDim(dim, shape.length), index, source);
    }

    @Override
    public Tensor gather(Tensor x, int dim, Tensor index) {
        return CpuIndexing.gather(this, x, Shapes.normalizeDim(dim, x.dim()), index);
    }

    @Override
    public Tensor scatterAdd(int[] shape, int dim, Tensor index, Tensor source) {
        return CpuIndexing.scatterAdd(this, shape, Shapes.normalizeDim(dim, shape.length), index, source);
    }

    // ---- random ----

    @Override
    public Tensor uniform(DType dtype, int[] shape, double low, double high, Generator generator) {
        Tensor out = empty(dtype, shape);
        CpuRandom.uniform(out, low, high, generator);
        return out;
    }

    @Override
    public Tensor normal(DType dtype, int[] shape, double mean, double std, Generator generator) {
        Tensor out = empty(dtype, shape);
        CpuRandom.normal(out, mean, std, generator);
        return out;
    }

    @Override
    public Tensor bernoulli(DType dtype, int[] shape, double p, Generator generator) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("bernoulli probability must lie in [0, 1], got " + p);
        }
        Tensor out = empty(dtype, shape);
        CpuRandom.bernoulli(out, p, generator);
        return out;
    }

    // ---- row-wise normalisations ----

    @Override
    public Tensor softmax(Tensor x, boolean log) {
        requireFloating(log ? "log_softmax" : "softmax", x);
        return CpuSoftmax.forward(this, x, log);
    }

    @Override
    public Tensor softmaxBackward(Tensor y, Tensor gradOutput, boolean log) {
        requireSameDtype(log ? "log_softmax backward" : "softmax backward", y, gradOutput);
        return CpuSoftmax.backward(this, y, gradOutput, log);
    }

    @Override
    public LayerNormOutput layerNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        requireFloating("layer_norm", x);
        return CpuNorm.forward(this, x, weight, bias, eps);
    }

    @Override
    public Tensor layerNormBackward(Tensor x, Tensor gradOutput, Tensor weight, LayerNormOutput forward) {
        requireSameDtype("layer_norm backward", x, gradOutput);
        return CpuNorm.backward(this, x, gradOutput, weight, forward);
    }

    @Override
    public Tensor[] layerNormParamsBackward(Tensor x, Tensor gradOutput, LayerNormOutput forward, boolean weightGrad,
            boolean biasGrad) {
        requireSameDtype("layer_norm backward", x, gradOutput);
        return CpuNorm.paramsBackward(this, x, gradOutput, forward, weightGrad, biasGrad);
    }

    // ---- recurrent cells ----

    @Override
    public Tensor lstmCell(Tensor gates, Tensor cPrev) {
        requireFloating("lstm_cell", gates);
        requireSameDtype("lstm_cell", gates, cPrev);
        return CpuLstm.forward(this, gates, cPrev);
    }

    @Override
    public Tensor[] lstmCellBackward(Tensor gradOutput, Tensor gates, Tensor cPrev) {
        requireSameDtype("lstm_cell backward", gradOutput, gates);
        requireSameDtype("lstm_cell backward", gates, cPrev);
        return CpuLstm.backward(this, gradOutput, gates, cPrev);
    }

    // ---- optimizer updates ----

    @Override
    public void adamUpdate(Tensor value, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamStep step) {
        requireFloating("adam update", value);
        CpuAdam.update(value, grad, expAvg, expAvgSq, step);
    }

    // ---- checks ----

    private static void requireSameDtype(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": operands differ in dtype: " + a.describe() + " and " + b.describe());
        }
        if (!a.device().equals(b.device())) {
            throw new IllegalArgumentException(op + ": operands are on different devices: " + a.describe() + " and " + b.describe());
        }
    }

    private static void requireFloating(String op, Tensor x) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + " needs a floating-point tensor, got " + x.describe());
        }
    }
}
