package dev.lathe.engine.ops;

import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.autograd.Graph;
import java.util.Arrays;
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
                b.requiresGrad() ? weightGradient(a, b, g) : null}, a, b);
    }

    /**
     * The gradient of b in a @ b: a^T @ g summed over the batch. When b is one matrix shared by
     * the whole batch, the rows of every batch entry go into one product instead.
     */
    private static Tensor weightGradient(Tensor a, Tensor b, Tensor g) {
        if (b.dim() == 2 && a.dim() > 2) {
            int rows = Shapes.numel(Arrays.copyOf(a.shape(), a.dim() - 1));
            return a.backend().matmul(a.reshape(rows, a.size(-1)).transpose(0, 1), g.reshape(rows, g.size(-1)));
        }
        return Reductions.sumToShape(a.backend().matmul(a.transpose(-1, -2), g), b.shape());
    }
}
