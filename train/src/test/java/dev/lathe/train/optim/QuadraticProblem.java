package dev.lathe.train.optim;

import dev.lathe.engine.DType;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.layers.Module;

/**
 * A tiny model for optimizer tests: parameters w [2, 2] and b [2] under the loss
 * Σ a·x² + e·x (x running over w then b), whose gradient 2a·x + e the tests recompute by hand;
 * and a parameter "unused" that the loss never touches.
 */
final class QuadraticProblem extends Module {

    static final double[] START = {0.5, -1.0, 2.0, 0.25, 0.1, -0.3};
    static final double[] A = {1.0, 0.5, 2.0, 1.5, 0.8, 3.0};
    static final double[] E = {0.3, -0.2, 0.1, 0.5, -0.4, 0.7};

    QuadraticProblem(DType dtype) {
        addParameter("w", Tensors.of(new double[] {START[0], START[1], START[2], START[3]}, 2, 2).to(dtype));
        addParameter("b", Tensors.of(new double[] {START[4], START[5]}, 2).to(dtype));
        addParameter("unused", Tensors.of(new double[] {7, 8}, 2).to(dtype));
    }

    /** Sets the gradients of the loss: of w always, of b only when {@code withB} (so b misses some updates). */
    void backward(boolean withB) {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor w = namedParameters().get("w").value();
            Tensor b = namedParameters().get("b").value();
            Tensor loss = term(w, 0);
            if (withB) {
                loss = loss.add(term(b, 4));
            }
            loss.backward();
        }
    }

    private static Tensor term(Tensor x, int from) {
        int n = x.numel();
        double[] a = new double[n];
        double[] e = new double[n];
        System.arraycopy(A, from, a, 0, n);
        System.arraycopy(E, from, e, 0, n);
        Tensor flat = x.reshape(n);
        Tensor coefficients = Tensors.of(a, n).to(x.dtype());
        Tensor linear = Tensors.of(e, n).to(x.dtype());
        return flat.mul(flat).mul(coefficients).add(flat.mul(linear)).sum();
    }

    /** w then b, flattened. */
    double[] values() {
        double[] w = namedParameters().get("w").value().toDoubleArray();
        double[] b = namedParameters().get("b").value().toDoubleArray();
        double[] out = new double[6];
        System.arraycopy(w, 0, out, 0, 4);
        System.arraycopy(b, 0, out, 4, 2);
        return out;
    }

    static double gradient(double x, int i) {
        return 2 * A[i] * x + E[i];
    }
}
