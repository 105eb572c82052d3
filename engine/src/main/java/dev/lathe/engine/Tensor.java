package dev.lathe.engine;

import dev.lathe.engine.autograd.Backprop;
import dev.lathe.engine.autograd.Node;
import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.backend.Backends;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.LinearAlgebra;
import dev.lathe.engine.ops.Reductions;
import dev.lathe.engine.ops.Views;
import java.util.Arrays;

/**
 * A strided view (shape, strides, offset) over a reference-counted {@link Storage}, plus the
 * autograd state: whether it requires a gradient, its accumulated gradient, and the node that
 * produced it. Views share storage; {@link #close()} releases this view's reference.
 */
public final class Tensor implements AutoCloseable {

    private final Storage storage;
    private final int[] shape;
    private final int[] strides;
    private final int offset;
    private boolean closed;

    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;

    private Tensor(Storage storage, int[] shape, int[] strides, int offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        MemoryScope.register(this);
    }

    /** Wraps a freshly allocated storage (taking over its initial reference) as a contiguous tensor. */
    public static Tensor wrap(Storage fresh, int... shape) {
        int[] s = shape.clone();
        Shapes.checkDims(s);
        if (Shapes.numel(s) != fresh.size()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(s) + " does not hold " + fresh.size() + " elements");
        }
        return new Tensor(fresh, s, Shapes.contiguousStrides(s), 0);
    }

    /** A new view over the same storage; no data is copied. */
    public Tensor view(int[] newShape, int[] newStrides, int newOffset) {
        Storage s = storage();
        s.retain();
        return new Tensor(s, newShape.clone(), newStrides.clone(), newOffset);
    }

    // ---- layout ----

    public Storage storage() {
        if (closed) {
            throw new IllegalStateException("tensor " + describe() + " was closed (its memory scope ended or close() was called)");
        }
        return storage;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int size(int dim) {
        return shape[Shapes.normalizeDim(dim, shape.length)];
    }

    public int[] strides() {
        return strides.clone();
    }

    public int stride(int dim) {
        return strides[Shapes.normalizeDim(dim, shape.length)];
    }

    public int offset() {
        return offset;
    }

    public int dim() {
        return shape.length;
    }

    public int numel() {
        return Shapes.numel(shape);
    }

    public DType dtype() {
        return storage.dtype();
    }

    public Device device() {
        return storage.device();
    }

    public Backend backend() {
        return Backends.of(device());
    }

    public boolean isContiguous() {
        return Shapes.isContiguous(shape, strides);
    }

    public boolean isClosed() {
        return closed;
    }

    // ---- autograd state ----

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf tensor as a trainable value whose gradient {@link #backward()} accumulates. */
    public Tensor requiresGrad(boolean value) {
        if (value && !dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("only floating-point tensors can require gradients, not " + dtype());
        }
        if (gradFn != null && !value) {
            throw new IllegalStateException("cannot clear requiresGrad on a non-leaf tensor; use detach()");
        }
        this.requiresGrad = value;
        return this;
    }

    public Tensor grad() {
        return grad;
    }

    /** Replaces the accumulated gradient, closing the previous one. The gradient is owned by this tensor. */
    public void setGrad(Tensor newGrad) {
        if (grad != null && grad != newGrad) {
            grad.close();
        }
        grad = newGrad == null ? null : MemoryScope.detach(newGrad);
    }

    public Node gradFn() {
        return gradFn;
    }

    /** Records the node that produced this tensor; used by the op families. */
    public void setGradFn(Node node) {
        this.gradFn = node;
        this.requiresGrad = node != null;
    }

    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Back-propagates from this scalar, accumulating into the gradients of leaf tensors. */
    public void backward() {
        Backprop.backward(this, null);
    }

    /** Back-propagates with an explicit upstream gradient of this tensor's shape. */
    public void backward(Tensor upstream) {
        Backprop.backward(this, upstream);
    }

    /** A view of the same data that is cut from the graph. */
    public Tensor detach() {
        return view(shape, strides, offset);
    }

    // ---- views ----

    public Tensor reshape(int... newShape) {
        return Views.reshape(this, newShape);
    }

    public Tensor view(int... newShape) {
        return Views.view(this, newShape);
    }

    public Tensor permute(int... order) {
        return Views.permute(this, order);
    }

    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    public Tensor narrow(int dim, int start, int length) {
        return Views.narrow(this, dim, start, length);
    }

    public Tensor expand(int... newShape) {
        return Views.expand(this, newShape);
    }

    public Tensor squeeze(int dim) {
        return Views.squeeze(this, dim);
    }

    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    public Tensor flatten(int startDim) {
        return Views.flatten(this, startDim);
    }

    public Tensor contiguous() {
        return Views.contiguous(this);
    }

    public Tensor to(DType target) {
        return Views.cast(this, target);
    }

    public Tensor to(Device target) {
        return Views.toDevice(this, target);
    }

    // ---- arithmetic shorthands (the op families hold the rules) ----

    public Tensor add(Tensor other) {
        return Elementwise.add(this, other);
    }

    public Tensor sub(Tensor other) {
        return Elementwise.sub(this, other);
    }

    public Tensor mul(Tensor other) {
        return Elementwise.mul(this, other);
    }

    public Tensor div(Tensor other) {
        return Elementwise.div(this, other);
    }

    public Tensor add(double scalar) {
        return Elementwise.add(this, Tensors.scalarLike(this, scalar));
    }

    public Tensor mul(double scalar) {
        return Elementwise.mul(this, Tensors.scalarLike(this, scalar));
    }

    public Tensor neg() {
        return Elementwise.neg(this);
    }

    public Tensor matmul(Tensor other) {
        return LinearAlgebra.matmul(this, other);
    }

    public Tensor sum() {
        return Reductions.sumAll(this);
    }

    public Tensor mean() {
        return Reductions.meanAll(this);
    }

    // ---- host access ----

    /** The single value of a one-element tensor, read back to the host. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item() needs a one-element tensor, got shape " + Arrays.toString(shape));
        }
        return toDoubleArray()[0];
    }

    public float[] toFloatArray() {
        return backend().toFloatArray(this);
    }

    public double[] toDoubleArray() {
        return backend().toDoubleArray(this);
    }

    public int[] toIntArray() {
        return backend().toIntArray(this);
    }

    /** Releases this view's reference to the storage and its gradient. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        gradFn = null;
        if (grad != null) {
            grad.close();
            grad = null;
        }
        storage.release();
    }

    public String describe() {
        return "[" + Shapes.format(shape) + "] " + storage.dtype().name().toLowerCase() + " on " + storage.device();
    }

    @Override
    public String toString() {
        return "Tensor" + describe();
    }
}
