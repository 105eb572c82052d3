package dev.lathe.engine.ops;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.autograd.Graph;
import dev.lathe.engine.backend.Backends;
import java.util.Arrays;
import java.util.List;

/** Layout ops: views that share storage (reshape, permute, narrow, expand) and the copies that change layout, dtype or device. */
public final class Views {

    static final List<String> OPS = List.of("reshape", "permute", "narrow", "expand", "contiguous", "cast", "to_device", "cat");

    private Views() {
    }

    /** Same elements in a new shape (one dimension may be -1); a view when the layout allows, else a copy. */
    public static Tensor reshape(Tensor x, int... shape) {
        int[] target = inferShape(x, shape);
        if (Arrays.equals(target, x.shape())) {
            return Graph.record(x.view(x.shape(), x.strides(), x.offset()), "reshape", g -> new Tensor[] {g}, x);
        }
        Tensor out;
        if (x.isContiguous()) {
            out = x.view(target, Shapes.contiguousStrides(target), x.offset());
        } else {
            try (Tensor dense = Tensors.copyOf(x)) {
                out = dense.view(target, Shapes.contiguousStrides(target), 0);
            }
        }
        int[] original = x.shape();
        return Graph.record(out, "reshape", g -> new Tensor[] {reshape(g, original)}, x);
    }

    /** As reshape, but fails instead of copying when the layout is not contiguous (torch.Tensor.view). */
    public static Tensor view(Tensor x, int... shape) {
        if (!x.isContiguous()) {
            throw new IllegalArgumentException("view of non-contiguous tensor " + x.describe() + " with strides ["
                    + Shapes.format(x.strides()) + "]; use reshape() or contiguous()");
        }
        return reshape(x, shape);
    }

    private static int[] inferShape(Tensor x, int[] shape) {
        int[] target = shape.clone();
        int unknown = -1;
        long known = 1;
        for (int d = 0; d < target.length; d++) {
            if (target[d] == -1) {
                if (unknown >= 0) {
                    throw new IllegalArgumentException("reshape: only one dimension may be -1 in [" + Shapes.format(shape) + "]");
                }
                unknown = d;
            } else if (target[d] < 0) {
                throw new IllegalArgumentException("reshape: negative dimension in [" + Shapes.format(shape) + "]");
            } else {
                known *= target[d];
            }
        }
        int n = x.numel();
        if (unknown >= 0 && known > 0 && n % known == 0) {
            target[unknown] = (int) (n / known);
        }
        if (Shapes.numel(target) != n || (unknown >= 0 && known == 0)) {
            throw new IllegalArgumentException("cannot reshape " + x.describe() + " to [" + Shapes.format(shape) + "]");
        }
        return target;
    }

    public static Tensor permute(Tensor x, int... order) {
        int rank = x.dim();
        if (order.length != rank) {
            throw new IllegalArgumentException("permute order [" + Shapes.format(order) + "] does not match rank " + rank);
        }
        int[] shape = x.shape();
        int[] strides = x.strides();
        int[] newShape = new int[rank];
        int[] newStrides = new int[rank];
        int[] inverse = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int d = 0; d < rank; d++) {
            int from = Shapes.normalizeDim(order[d], rank);
            if (seen[from]) {
                throw new IllegalArgumentException("permute order [" + Shapes.format(order) + "] repeats a dimension");
            }
            seen[from] = true;
            newShape[d] = shape[from];
            newStrides[d] = strides[from];
            inverse[from] = d;
        }
        Tensor out = x.view(newShape, newStrides, x.offset());
        return Graph.record(out, "permute", g -> new Tensor[] {permute(g, inverse)}, x);
    }

    public static Tensor transpose(Tensor x, int dim0, int dim1) {
        int rank = x.dim();
        int[] order = new int[rank];
        for (int d = 0; d < rank; d++) {
            order[d] = d;
        }
        int a = Shapes.normalizeDim(dim0, rank);
        int b = Shapes.normalizeDim(dim1, rank);
        order[a] = b;
        order[b] = a;
        return permute(x, order);
    }

    /** Elements {@code start .. start+length-1} along {@code dim}, as a view. */
    public static Tensor narrow(Tensor x, int dim, int start, int length) {
        int d = Shapes.normalizeDim(dim, x.dim());
        int[] shape = x.shape();
        if (start < 0 || length < 0 || start + length > shape[d]) {
            throw new IllegalArgumentException("narrow(" + dim + ", " + start + ", " + length + ") is outside " + x.describe());
        }
        shape[d] = length;
        Tensor out = x.view(shape, x.strides(), x.offset() + start * x.stride(d));
        int[] original = x.shape();
        return Graph.record(out, "narrow", g -> {
            Tensor full = Tensors.zeros(g.dtype(), g.device(), original);
            try (Tensor window = full.view(g.shape(), full.strides(), start * full.stride(d))) {
                g.backend().copy(g, window);
            }
            return new Tensor[] {full};
        }, x);
    }

    /** A broadcast view: size-1 dimensions repeat (stride 0) and new leading dimensions may be added. */
    public static Tensor expand(Tensor x, int... shape) {
        int[] target = shape.clone();
        int lead = target.length - x.dim();
        if (lead < 0) {
            throw new IllegalArgumentException("cannot expand " + x.describe() + " to [" + Shapes.format(shape) + "]: fewer dimensions");
        }
        for (int d = lead; d < target.length; d++) {
            if (target[d] == -1) {
                target[d] = x.size(d - lead);
            }
        }
        if (Arrays.equals(target, x.shape())) {
            return reshape(x, target);
        }
        Tensor out = x.view(target, Shapes.broadcastStrides(x.shape(), x.strides(), target), x.offset());
        int[] original = x.shape();
        return Graph.record(out, "expand", g -> new Tensor[] {Reductions.sumToShape(g, original)}, x);
    }

    /** Removes a size-1 dimension; always a view. */
    public static Tensor squeeze(Tensor x, int dim) {
        int d = Shapes.normalizeDim(dim, x.dim());
        if (x.size(d) != 1) {
            throw new IllegalArgumentException("squeeze(" + dim + ") of " + x.describe() + ": that dimension is not 1");
        }
        return dimensionView(x, removeAt(x.shape(), d), removeAt(x.strides(), d));
    }

    /** Inserts a size-1 dimension at {@code dim}; always a view. */
    public static Tensor unsqueeze(Tensor x, int dim) {
        int rank = x.dim();
        int d = Shapes.normalizeDim(dim, rank + 1);
        int stride = d < rank ? x.stride(d) * x.size(d) : 1;
        return dimensionView(x, insertAt(x.shape(), d, 1), insertAt(x.strides(), d, stride));
    }

    /** A view that only adds or drops size-1 dimensions; its gradient is reshaped back. */
    private static Tensor dimensionView(Tensor x, int[] shape, int[] strides) {
        Tensor out = x.view(shape, strides, x.offset());
        int[] original = x.shape();
        return Graph.record(out, "reshape", g -> new Tensor[] {reshape(g, original)}, x);
    }

    private static int[] removeAt(int[] values, int index) {
        int[] out = new int[values.length - 1];
        System.arraycopy(values, 0, out, 0, index);
        System.arraycopy(values, index + 1, out, index, values.length - index - 1);
        return out;
    }

    private static int[] insertAt(int[] values, int index, int value) {
        int[] out = new int[values.length + 1];
        System.arraycopy(values, 0, out, 0, index);
        out[index] = value;
        System.arraycopy(values, index, out, index + 1, values.length - index);
        return out;
    }

    /** Merges dimensions {@code startDim..} into one. */
    public static Tensor flatten(Tensor x, int startDim) {
        int s = Shapes.normalizeDim(startDim, x.dim());
        int[] shape = Arrays.copyOf(x.shape(), s + 1);
        shape[s] = -1;
        if (x.numel() == 0) {
            shape[s] = 0;
        }
        return reshape(x, shape);
    }

    /** A contiguous copy when the layout is not contiguous; otherwise a view. */
    public static Tensor contiguous(Tensor x) {
        Tensor out = x.isContiguous() ? x.view(x.shape(), x.strides(), x.offset()) : Tensors.copyOf(x);
        return Graph.record(out, "contiguous", g -> new Tensor[] {g}, x);
    }

    /** Converts to another dtype (a view when it already has it); the gradient converts back. */
    public static Tensor cast(Tensor x, DType target) {
        if (x.dtype() == target) {
            return sameLayoutView(x);
        }
        Tensor out = Tensors.empty(target, x.device(), x.shape());
        x.backend().copy(x, out);
        DType original = x.dtype();
        return Graph.record(out, "cast", g -> new Tensor[] {cast(g, original)}, x);
    }

    /** Moves to another device (a view when already there); the gradient moves back. */
    public static Tensor toDevice(Tensor x, Device target) {
        if (x.device().equals(target)) {
            return sameLayoutView(x);
        }
        Tensor out = switch (x.dtype()) {
            case F32 -> Backends.of(target).fromArray(x.toFloatArray(), x.shape());
            case F64 -> Backends.of(target).fromArray(x.toDoubleArray(), x.shape());
            case I32 -> Backends.of(target).fromArray(x.toIntArray(), x.shape());
        };
        Device original = x.device();
        return Graph.record(out, "to_device", g -> new Tensor[] {toDevice(g, original)}, x);
    }

    private static Tensor sameLayoutView(Tensor x) {
        return reshape(x, x.shape());
    }

    /** Joins tensors along an existing dimension. */
    public static Tensor cat(List<Tensor> parts, int dim) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("cat of no tensors");
        }
        Tensor first = parts.get(0);
        int d = Shapes.normalizeDim(dim, first.dim());
        int[] shape = first.shape();
        int total = 0;
        for (Tensor part : parts) {
            int[] ps = part.shape();
            boolean fits = ps.length == shape.length && part.dtype() == first.dtype();
            for (int i = 0; fits && i < ps.length; i++) {
                fits = i == d || ps[i] == shape[i];
            }
            if (!fits) {
                throw new IllegalArgumentException("cat along " + dim + ": " + part.describe() + " does not match " + first.describe());
            }
            total += ps[d];
        }
        shape[d] = total;
        Tensor out = Tensors.empty(first.dtype(), first.device(), shape);
        int[] starts = new int[parts.size()];
        int start = 0;
        for (int i = 0; i < parts.size(); i++) {
            Tensor part = parts.get(i);
            starts[i] = start;
            try (Tensor window = out.view(part.shape(), out.strides(), start * out.stride(d))) {
                out.backend().copy(part, window);
            }
            start += part.size(d);
        }
        Tensor[] inputs = parts.toArray(new Tensor[0]);
        return Graph.record(out, "cat", g -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                grads[i] = narrow(g, d, starts[i], inputs[i].size(d));
            }
            return grads;
        }, inputs);
    }
}
