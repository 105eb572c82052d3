package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.cuda.CudaStorage;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/**
 * One kernel parameter: the JCuda pointer to its value, as KernelLauncher takes it, which also keeps
 * the Java value it was made from (a tensor, a number or a layout) so that what a wrapper launches
 * can be read back and checked without a GPU.
 */
public final class KernelArg extends Pointer {

    private final Object value;

    private KernelArg(Pointer pointer, Object value) {
        super(pointer);
        this.value = value;
    }

    /** The device address of the tensor's first element. */
    public static KernelArg of(Tensor t) {
        return new KernelArg(Pointer.to(CudaStorage.address(t)), t);
    }

    /** A null device pointer, for a kernel's optional tensor (the value reads back as null). */
    public static KernelArg none() {
        return new KernelArg(Pointer.to(new CUdeviceptr()), null);
    }

    /** The tensor's address, or a null pointer where there is no tensor. */
    public static KernelArg ofOptional(Tensor t) {
        return t == null ? none() : of(t);
    }

    public static KernelArg of(long v) {
        return new KernelArg(Pointer.to(new long[] {v}), v);
    }

    public static KernelArg of(int v) {
        return new KernelArg(Pointer.to(new int[] {v}), v);
    }

    public static KernelArg of(float v) {
        return new KernelArg(Pointer.to(new float[] {v}), v);
    }

    public static KernelArg of(double v) {
        return new KernelArg(Pointer.to(new double[] {v}), v);
    }

    /** A Layout struct passed by value. */
    public static KernelArg of(LayoutStruct layout) {
        return new KernelArg(Pointer.to(layout.bytes()), layout);
    }

    /** The tensor, boxed number or LayoutStruct this parameter points at; null for a null pointer. */
    public Object value() {
        return value;
    }

    @Override
    public String toString() {
        return String.valueOf(value instanceof Tensor t ? t.describe() : value);
    }
}
