package dev.lathe.engine.backend;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;

/**
 * The primitive operations every device implements. Inputs may be any strided view; outputs
 * are new contiguous tensors on the same device. Nothing here records gradients: the op
 * families in {@code dev.lathe.engine.ops} wrap these primitives with their backward rules.
 */
public interface Backend {

    Device device();

    // ---- memory and transfer ----

    /** A new contiguous tensor with unspecified contents. */
    Tensor empty(DType dtype, int... shape);

    Tensor fromArray(float[] data, int... shape);

    Tensor fromArray(double[] data, int... shape);

    Tensor fromArray(int[] data, int... shape);

    float[] toFloatArray(Tensor t);

    double[] toDoubleArray(Tensor t);

    int[] toIntArray(Tensor t);

    /** Copies {@code src} into {@code dst} (same shape, any strides), converting the dtype if they differ. */
    void copy(Tensor src, Tensor dst);

    void fill(Tensor dst, double value);

    // ---- elementwise ----

    Tensor unary(UnaryOp op, Tensor x);

    Tensor binary(BinaryOp op, Tensor a, Tensor b);

    Tensor compare(CompareOp op, Tensor a, Tensor b);

    /** {@code cond != 0 ? a : b}, broadcasting all three; the result has a's dtype. */
    Tensor where(Tensor cond, Tensor a, Tensor b);

    // ---- reductions ----

    Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims);

    /** Index (I32) of the first maximum along one axis. */
    Tensor argmax(Tensor x, int axis, boolean keepDims);

    // ---- linear algebra ----

    /** Batched matrix product of [..., m, k] and [..., k, n], broadcasting the batch dimensions. */
    Tensor matmul(Tensor a, Tensor b);

    // ---- convolution ----

    Tensor conv2d(Tensor input, Tensor weight, Conv2dParams p);

    Tensor conv2dBackwardData(Tensor gradOutput, Tensor weight, int[] inputShape, Conv2dParams p);

    Tensor conv2dBackwardFilter(Tensor input, Tensor gradOutput, int[] weightShape, Conv2dParams p);

    // ---- pooling ----

    PoolResult maxPool2d(Tensor input, Pool2dParams p);

    Tensor maxPool2dBackward(Tensor gradOutput, Tensor indices, int[] inputShape);

    Tensor avgPool2d(Tensor input, Pool2dParams p);

    Tensor avgPool2dBackward(Tensor gradOutput, int[] inputShape, Pool2dParams p);

    // ---- indexing ----

    /** Selects slices {@code index[i]} (I32) of {@code x} along {@code dim}. */
    Tensor indexSelect(Tensor x, int dim, Tensor index);

    /** Zeros of {@code shape} with {@code source}'s slices added at {@code index} along {@code dim}: the adjoint of indexSelect. */
    Tensor indexAdd(int[] shape, int dim, Tensor index, Tensor source);

    /**
     * The sum over t of {@code table[ids[n, t]]}: a table [V, C] and I32 ids [N, T] give [N, C], as
     * torch's embedding_bag in mode 'sum'; the values of index_select followed by a sum over T.
     */
    Tensor embeddingBagSum(Tensor table, Tensor ids);

    /** {@code out[..i..] = x[..index[..i..]..]} along {@code dim}, as torch.gather. */
    Tensor gather(Tensor x, int dim, Tensor index);

    /** Zeros of {@code shape} with {@code source} added at {@code index} along {@code dim}: the adjoint of gather. */
    Tensor scatterAdd(int[] shape, int dim, Tensor index, Tensor source);

    // ---- random ----

    Tensor uniform(DType dtype, int[] shape, double low, double high, Generator generator);

    Tensor normal(DType dtype, int[] shape, double mean, double std, Generator generator);

    /** 1 with probability {@code p}, else 0. */
    Tensor bernoulli(DType dtype, int[] shape, double p, Generator generator);

    // ---- normalisation ----

    /** Softmax along the last dimension, or log-softmax when {@code log}; shifted by the row's maximum. */
    Tensor softmax(Tensor x, boolean log);

    /** The input gradient of {@link #softmax} from its output {@code y} and the output's gradient. */
    Tensor softmaxBackward(Tensor y, Tensor gradOutput, boolean log);

    /**
     * Layer normalisation over the last dimension, with the biased variance as torch's layer_norm:
     * {@code (x − mean) · rstd · weight + bias}, rstd = 1/sqrt(variance + eps); weight and bias are
     * [C] of x's dtype, or null.
     */
    LayerNormOutput layerNorm(Tensor x, Tensor weight, Tensor bias, double eps);

    /** The gradient with respect to x of {@link #layerNorm}'s output, given the output's gradient. */
    Tensor layerNormBackward(Tensor x, Tensor gradOutput, Tensor weight, LayerNormOutput forward);

    /** {gradWeight, gradBias} of {@link #layerNorm}, each [C], or null where not asked for. */
    Tensor[] layerNormParamsBackward(Tensor x, Tensor gradOutput, LayerNormOutput forward, boolean weightGrad, boolean biasGrad);

    // ---- recurrent cells ----

    /**
     * The LSTM cell after its two matrix products, as torch.nn.LSTM computes it: from the
     * pre-activation gates [N, 4H] (i, f, g, o, each H wide) and the previous cell [N, H],
     * {@code c' = σ(f)·c + σ(i)·tanh(g)} and {@code h' = σ(o)·tanh(c')}, returned side by side as
     * [N, 2H]: h' in the first H columns, c' in the last H.
     */
    Tensor lstmCell(Tensor gates, Tensor cPrev);

    /** {gradGates [N, 4H], gradCPrev [N, H]} of {@link #lstmCell}, given the gradient of its [N, 2H] output. */
    Tensor[] lstmCellBackward(Tensor gradOutput, Tensor gates, Tensor cPrev);

    // ---- optimizer updates ----

    /**
     * One Adam/AdamW update in place (see {@link dev.lathe.engine.ops.FusedUpdates#adam}, which checks the
     * arguments): all four tensors contiguous, of one shape and dtype, on this backend.
     */
    void adamUpdate(Tensor value, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamStep step);
}
