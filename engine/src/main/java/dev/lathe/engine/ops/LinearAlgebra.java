package dev.lathe.engine.ops;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.autograd.Graph;
import java.util.List;

/** Matrix products with PyTorch's matmul semantics (1-d operands are promoted and the added axis removed). */
public final class LinearAlgebra {

    static final List<String> OPS = List.of("matmul");

    private LinearAlgebra() {
    }

    public static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 1) {
            Tensor product = matmul(a.unsqueeze(0), b);
            return product.squeeze(b.dim() == 1 ? -1 : -2);
        }
        if (b.dim() == 1) {
            return matmul(a, b.unsqueeze(1)).squeeze(-1);
        }
        Tensor out = a.backend().matmul(a, b);
        return Graph.record(out, "matmul", g -> new Tensor[] {
                a.requiresGrad() ? Reductions.sumToShape(a.backend().matmul(g, b.transpose(-1, -2)), a.shape()) : null,
                b.requiresGrad() ? Reductions.sumToShape(a.backend().matmul(a.transpose(-1, -2), g), b.shape()) : null}, a, b);
    }
}
