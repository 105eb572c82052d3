package dev.lathe.engine.ops;

import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.autograd.Graph;
import dev.lathe.engine.backend.CompareOp;
import dev.lathe.engine.backend.ReduceOp;
import java.util.Arrays;
import java.util.List;

/** Sums, means and maxima over axes, with their backward rules. */
public final class Reductions {

    static final List<String> OPS = List.of("sum", "max");

    private Reductions() {
    }

    public static Tensor sum(Tensor x, int[] axes, boolean keepDims) {
        Tensor out = x.backend().reduce(ReduceOp.SUM, x, axes, keepDims);
        return Graph.record(out, "sum", g -> new Tensor[] {expandBack(g, x.shape(), axes, keepDims)}, x);
    }

    public static Tensor sum(Tensor x, int axis, boolean keepDims) {
        return sum(x, new int[] {axis}, keepDims);
    }

    public static Tensor sumAll(Tensor x) {
        return sum(x, allAxes(x), false);
    }

    public static Tensor mean(Tensor x, int[] axes, boolean keepDims) {
        int count = 1;
        for (int axis : axes) {
            count *= x.size(axis);
        }
        return Elementwise.mul(sum(x, axes, keepDims), Tensors.scalarLike(x, 1.0 / count));
    }

    public static Tensor mean(Tensor x, int axis, boolean keepDims) {
        return mean(x, new int[] {axis}, keepDims);
    }

    public static Tensor meanAll(Tensor x) {
        return mean(x, allAxes(x), false);
    }

    /** Maximum over axes; ties share the gradient evenly, as torch.amax does. */
    public static Tensor max(Tensor x, int[] axes, boolean keepDims) {
        Tensor out = x.backend().reduce(ReduceOp.MAX, x, axes, keepDims);
        return Graph.record(out, "max", g -> {
            Tensor kept = expandBack(out, x.shape(), axes, keepDims);
            Tensor winners = Elementwise.compare(CompareOp.EQ, x, kept);
            Tensor count = x.backend().reduce(ReduceOp.SUM, winners, axes, true);
            Tensor share = Elementwise.div(winners, count);
            return new Tensor[] {Elementwise.mul(share, expandBack(g, x.shape(), axes, keepDims))};
        }, x);
    }

    public static Tensor max(Tensor x, int axis, boolean keepDims) {
        return max(x, new int[] {axis}, keepDims);
    }

    /** Index of the first maximum along an axis, as I32; not differentiable. */
    public static Tensor argmax(Tensor x, int axis, boolean keepDims) {
        return x.backend().argmax(x, axis, keepDims);
    }

    /** Sums a broadcast gradient back down to the shape of the operand it was broadcast from. */
    public static Tensor sumToShape(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        int lead = gs.length - shape.length;
        int[] axes = new int[gs.length];
        int count = 0;
        for (int d = 0; d < gs.length; d++) {
            if (d < lead || (shape[d - lead] == 1 && gs[d] != 1)) {
                axes[count++] = d;
            }
        }
        Tensor summed = sum(g, Arrays.copyOf(axes, count), true);
        return summed.reshape(shape);
    }

    /** Broadcasts a reduced tensor back over the input shape (re-inserting the reduced axes when they were dropped). */
    private static Tensor expandBack(Tensor reduced, int[] inputShape, int[] axes, boolean keepDims) {
        Tensor withDims = reduced;
        if (!keepDims) {
            int[] keptShape = inputShape.clone();
            for (int axis : axes) {
                keptShape[Shapes.normalizeDim(axis, inputShape.length)] = 1;
            }
            withDims = reduced.reshape(keptShape);
        }
        return withDims.expand(inputShape);
    }

    private static int[] allAxes(Tensor x) {
        int[] axes = new int[x.dim()];
        for (int d = 0; d < axes.length; d++) {
            axes[d] = d;
        }
        return axes;
    }
}
