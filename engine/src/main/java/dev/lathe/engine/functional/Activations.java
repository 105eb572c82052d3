package dev.lathe.engine.functional;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.backend.ReduceOp;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Reductions;

/** Activation functions composed from primitives, so their gradients come from the primitives' rules. */
public final class Activations {

    private Activations() {
    }

    public static Tensor relu(Tensor x) {
        return Elementwise.relu(x);
    }

    public static Tensor tanh(Tensor x) {
        return Elementwise.tanh(x);
    }

    public static Tensor sigmoid(Tensor x) {
        return Elementwise.sigmoid(x);
    }

    /** max(x, slope * x). */
    public static Tensor leakyRelu(Tensor x, double slope) {
        return Elementwise.maximum(x, Elementwise.mul(x, Tensors.scalarLike(x, slope)));
    }

    /** GELU in its exact erf form: x * Φ(x) = 0.5 x (1 + erf(x / √2)), as BERT and torch.nn.GELU() use. */
    public static Tensor gelu(Tensor x) {
        return Elementwise.gelu(x);
    }

    /** Softmax along {@code dim}, shifted by the (constant) maximum for stability. */
    public static Tensor softmax(Tensor x, int dim) {
        Tensor e = Elementwise.exp(Elementwise.sub(x, stabiliser(x, dim)));
        return Elementwise.div(e, Reductions.sum(e, dim, true));
    }

    /** log(softmax(x)) along {@code dim}, computed as x - max - log(sum(exp(x - max))). */
    public static Tensor logSoftmax(Tensor x, int dim) {
        Tensor shifted = Elementwise.sub(x, stabiliser(x, dim));
        Tensor logSum = Elementwise.log(Reductions.sum(Elementwise.exp(shifted), dim, true));
        return Elementwise.sub(shifted, logSum);
    }

    /** The maximum along dim, as a constant (the primitive records no graph): softmax does not change when a constant is subtracted. */
    private static Tensor stabiliser(Tensor x, int dim) {
        return x.backend().reduce(ReduceOp.MAX, x, new int[] {dim}, true);
    }
}
