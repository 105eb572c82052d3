package dev.lathe.engine.ops;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.autograd.Graph;
import dev.lathe.engine.backend.BinaryOp;
import dev.lathe.engine.backend.CompareOp;
import dev.lathe.engine.backend.UnaryOp;
import java.util.List;

/** Elementwise ops with broadcasting, each forward beside its backward rule. */
public final class Elementwise {

    static final List<String> OPS = List.of(
            "add", "sub", "mul", "div", "pow", "maximum", "minimum", "relu_backward",
            "neg", "abs", "exp", "log", "sqrt", "tanh", "sigmoid", "relu", "erf", "reciprocal", "gelu", "gelu_derivative",
            "where");

    private Elementwise() {
    }

    // ---- binary ----

    public static Tensor add(Tensor a, Tensor b) {
        Tensor out = a.backend().binary(BinaryOp.ADD, a, b);
        return Graph.record(out, "add", g -> new Tensor[] {
                Reductions.sumToShape(g, a.shape()), Reductions.sumToShape(g, b.shape())}, a, b);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        Tensor out = a.backend().binary(BinaryOp.SUB, a, b);
        return Graph.record(out, "sub", g -> new Tensor[] {
                Reductions.sumToShape(g, a.shape()), Reductions.sumToShape(neg(g), b.shape())}, a, b);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = a.backend().binary(BinaryOp.MUL, a, b);
        return Graph.record(out, "mul", g -> new Tensor[] {
                a.requiresGrad() ? Reductions.sumToShape(mul(g, b), a.shape()) : null,
                b.requiresGrad() ? Reductions.sumToShape(mul(g, a), b.shape()) : null}, a, b);
    }

    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = a.backend().binary(BinaryOp.DIV, a, b);
        return Graph.record(out, "div", g -> new Tensor[] {
                Reductions.sumToShape(div(g, b), a.shape()),
                Reductions.sumToShape(neg(div(mul(g, out), b)), b.shape())}, a, b);
    }

    public static Tensor pow(Tensor a, Tensor b) {
        Tensor out = a.backend().binary(BinaryOp.POW, a, b);
        return Graph.record(out, "pow", g -> new Tensor[] {
                Reductions.sumToShape(mul(g, mul(b, binary(BinaryOp.POW, a, sub(b, Tensors.scalarLike(b, 1))))), a.shape()),
                b.requiresGrad() ? Reductions.sumToShape(mul(g, mul(out, log(a))), b.shape()) : null}, a, b);
    }

    /** Elementwise maximum; where both are equal the gradient is split evenly, as in PyTorch. */
    public static Tensor maximum(Tensor a, Tensor b) {
        Tensor out = a.backend().binary(BinaryOp.MAX, a, b);
        return Graph.record(out, "maximum", g -> selectBetween(g, a, b, CompareOp.GT), a, b);
    }

    public static Tensor minimum(Tensor a, Tensor b) {
        Tensor out = a.backend().binary(BinaryOp.MIN, a, b);
        return Graph.record(out, "minimum", g -> selectBetween(g, a, b, CompareOp.LT), a, b);
    }

    /** ReLU's gradient: {@code g} where {@code x > 0}, else 0; {@code x} gets no gradient (it is 0 almost everywhere). */
    public static Tensor reluBackward(Tensor g, Tensor x) {
        Tensor out = g.backend().binary(BinaryOp.RELU_BACKWARD, g, x);
        return Graph.record(out, "relu_backward", gg -> new Tensor[] {
                Reductions.sumToShape(reluBackward(gg, x), g.shape()), null}, g, x);
    }

    /** Gradients of max/min: all to the winner, half each on ties. */
    private static Tensor[] selectBetween(Tensor g, Tensor a, Tensor b, CompareOp wins) {
        Tensor half = Tensors.scalarLike(g, 0.5);
        Tensor shareA = add(compare(wins, a, b), mul(compare(CompareOp.EQ, a, b), half));
        Tensor shareB = sub(Tensors.scalarLike(g, 1), shareA);
        return new Tensor[] {
                Reductions.sumToShape(mul(g, shareA), a.shape()),
                Reductions.sumToShape(mul(g, shareB), b.shape())};
    }

    private static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        return a.backend().binary(op, a, b);
    }

    // ---- unary ----

    public static Tensor neg(Tensor x) {
        Tensor out = x.backend().unary(UnaryOp.NEG, x);
        return Graph.record(out, "neg", g -> new Tensor[] {neg(g)}, x);
    }

    public static Tensor abs(Tensor x) {
        Tensor out = x.backend().unary(UnaryOp.ABS, x);
        return Graph.record(out, "abs", g -> new Tensor[] {mul(g, x.backend().unary(UnaryOp.SIGN, x))}, x);
    }

    public static Tensor exp(Tensor x) {
        Tensor out = x.backend().unary(UnaryOp.EXP, x);
        return Graph.record(out, "exp", g -> new Tensor[] {mul(g, out)}, x);
    }

    public static Tensor log(Tensor x) {
        Tensor out = x.backend().unary(UnaryOp.LOG, x);
        return Graph.record(out, "log", g -> new Tensor[] {div(g, x)}, x);
    }

    public static Tensor sqrt(Tensor x) {
        Tensor out = x.backend().unary(UnaryOp.SQRT, x);
        return Graph.record(out, "sqrt", g -> new Tensor[] {div(g, mul(out, Tensors.scalarLike(out, 2)))}, x);
    }

    public static Tensor tanh(Tensor x) {
        Tensor out = x.backend().unary(UnaryOp.TANH, x);
        return Graph.record(out, "tanh", g -> new Tensor[] {mul(g, sub(Tensors.scalarLike(out, 1), mul(out, out)))}, x);
    }

    public static Tensor sigmoid(Tensor x) {
        Tensor out = x.backend().unary(UnaryOp.SIGMOID, x);
        return Graph.record(out, "sigmoid", g -> new Tensor[] {mul(g, mul(out, sub(Tensors.scalarLike(out, 1), out)))}, x);
    }

    public static Tensor relu(Tensor x) {
        Tensor out = x.backend().unary(UnaryOp.RELU, x);
        return Graph.record(out, "relu", g -> new Tensor[] {reluBackward(g, x)}, x);
    }

    public static Tensor erf(Tensor x) {
        Tensor out = x.backend().unary(UnaryOp.ERF, x);
        return Graph.record(out, "erf", g -> {
            Tensor density = exp(neg(mul(x, x)));
            return new Tensor[] {mul(g, mul(density, Tensors.scalarLike(x, 2 / Math.sqrt(Math.PI))))};
        }, x);
    }

    /** Exact GELU, x Φ(x); its gradient is one more elementwise pass ({@link #geluDerivative}). */
    public static Tensor gelu(Tensor x) {
        Tensor out = x.backend().unary(UnaryOp.GELU, x);
        return Graph.record(out, "gelu", g -> new Tensor[] {mul(g, geluDerivative(x))}, x);
    }

    /** Φ(x) + x φ(x), GELU's derivative; differentiable in turn: its own derivative is φ(x) (2 − x²). */
    public static Tensor geluDerivative(Tensor x) {
        Tensor out = x.backend().unary(UnaryOp.GELU_DERIVATIVE, x);
        return Graph.record(out, "gelu_derivative", g -> {
            Tensor square = mul(x, x);
            Tensor density = mul(exp(mul(square, Tensors.scalarLike(x, -0.5))), Tensors.scalarLike(x, 1 / Math.sqrt(2 * Math.PI)));
            return new Tensor[] {mul(g, mul(density, sub(Tensors.scalarLike(x, 2), square)))};
        }, x);
    }

    public static Tensor reciprocal(Tensor x) {
        Tensor out = x.backend().unary(UnaryOp.RECIPROCAL, x);
        return Graph.record(out, "reciprocal", g -> new Tensor[] {neg(mul(g, mul(out, out)))}, x);
    }

    /** -1, 0 or 1; not differentiable (its gradient is zero almost everywhere, so none is recorded). */
    public static Tensor sign(Tensor x) {
        return x.backend().unary(UnaryOp.SIGN, x);
    }

    // ---- selection ----

    /** 1 where the comparison holds, else 0, in the operands' dtype. Records no gradient. */
    public static Tensor compare(CompareOp op, Tensor a, Tensor b) {
        return a.backend().compare(op, a, b);
    }

    /** {@code cond != 0 ? a : b} with broadcasting; differentiable in a and b. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        Tensor out = a.backend().where(cond, a, b);
        return Graph.record(out, "where", g -> {
            Tensor zero = Tensors.scalarLike(g, 0);
            return new Tensor[] {null,
                    Reductions.sumToShape(g.backend().where(cond, g, zero), a.shape()),
                    Reductions.sumToShape(g.backend().where(cond, zero, g), b.shape())};
        }, cond, a, b);
    }
}
