package dev.lathe.engine;

import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.backend.Backends;

/** Creating tensors: constants, ranges, Java arrays and seeded random draws. F32 on the CPU unless told otherwise. */
public final class Tensors {

    private Tensors() {
    }

    public static Tensor empty(DType dtype, Device device, int... shape) {
        return Backends.of(device).empty(dtype, shape);
    }

    public static Tensor full(double value, DType dtype, Device device, int... shape) {
        Tensor t = empty(dtype, device, shape);
        t.backend().fill(t, value);
        return t;
    }

    public static Tensor zeros(int... shape) {
        return full(0, DType.F32, Device.CPU, shape);
    }

    public static Tensor zeros(DType dtype, Device device, int... shape) {
        return full(0, dtype, device, shape);
    }

    public static Tensor ones(int... shape) {
        return full(1, DType.F32, Device.CPU, shape);
    }

    public static Tensor ones(DType dtype, Device device, int... shape) {
        return full(1, dtype, device, shape);
    }

    public static Tensor zerosLike(Tensor t) {
        return full(0, t.dtype(), t.device(), t.shape());
    }

    public static Tensor onesLike(Tensor t) {
        return full(1, t.dtype(), t.device(), t.shape());
    }

    /** A one-element tensor of rank 0 with {@code t}'s dtype and device, for scalar arithmetic. */
    public static Tensor scalarLike(Tensor t, double value) {
        return full(value, t.dtype(), t.device());
    }

    /** 0, 1, ..., n-1. */
    public static Tensor arange(int n, DType dtype, Device device) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        try (Tensor f64 = Backends.cpu().fromArray(values, n); Tensor typed = f64.to(dtype)) {
            return typed.to(device);
        }
    }

    public static Tensor of(float[] data, int... shape) {
        return Backends.cpu().fromArray(data, shape);
    }

    public static Tensor of(double[] data, int... shape) {
        return Backends.cpu().fromArray(data, shape);
    }

    public static Tensor of(int[] data, int... shape) {
        return Backends.cpu().fromArray(data, shape);
    }

    /** A scalar (rank 0) F32 tensor. */
    public static Tensor scalar(double value) {
        return full(value, DType.F32, Device.CPU);
    }

    /** A contiguous copy, cut from the graph. */
    public static Tensor copyOf(Tensor t) {
        Tensor out = empty(t.dtype(), t.device(), t.shape());
        out.backend().copy(t, out);
        return out;
    }

    public static Tensor uniform(double low, double high, DType dtype, Device device, Generator g, int... shape) {
        return backend(device).uniform(dtype, shape, low, high, g);
    }

    public static Tensor rand(int... shape) {
        return uniform(0, 1, DType.F32, Device.CPU, Generator.global(), shape);
    }

    public static Tensor normal(double mean, double std, DType dtype, Device device, Generator g, int... shape) {
        return backend(device).normal(dtype, shape, mean, std, g);
    }

    public static Tensor randn(int... shape) {
        return normal(0, 1, DType.F32, Device.CPU, Generator.global(), shape);
    }

    public static Tensor bernoulli(double p, DType dtype, Device device, Generator g, int... shape) {
        return backend(device).bernoulli(dtype, shape, p, g);
    }

    private static Backend backend(Device device) {
        return Backends.of(device);
    }
}
