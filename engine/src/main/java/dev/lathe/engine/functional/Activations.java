package dev.lathe.engine.functional;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Norms;

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

    /** Softmax along {@code dim}, shifted by the row's maximum for stability. */
    public static Tensor softmax(Tensor x, int dim) {
        return Norms.softmax(x, dim, false);
    }

    /** log(softmax(x)) along {@code dim}, computed as x - max - log(sum(exp(x - max))). */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return Norms.softmax(x, dim, true);
    }
}
