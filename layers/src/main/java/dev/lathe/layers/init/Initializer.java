package dev.lathe.layers.init;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;

/**
 * Draws a new F32 CPU tensor for a parameter. Layers pass the fan-in and fan-out of the
 * parameter (for a weight [out, in, k...]: in·k… and out·k…), which the scaled schemes need.
 */
@FunctionalInterface
public interface Initializer {

    Tensor create(Generator generator, int fanIn, int fanOut, int... shape);

    /** U(-limit, limit). */
    static Initializer uniform(double limit) {
        return (g, fanIn, fanOut, shape) -> Tensors.uniform(-limit, limit, DType.F32, Device.CPU, g, shape);
    }

    /** N(0, std²). */
    static Initializer normal(double std) {
        return (g, fanIn, fanOut, shape) -> Tensors.normal(0, std, DType.F32, Device.CPU, g, shape);
    }

    static Initializer constant(double value) {
        return (g, fanIn, fanOut, shape) -> Tensors.full(value, DType.F32, Device.CPU, shape);
    }

    static Initializer zeros() {
        return constant(0);
    }

    static Initializer ones() {
        return constant(1);
    }

    /**
     * PyTorch's default for Linear and Conv weights and biases: kaiming_uniform with a = √5 on the
     * weight and U(±1/√fan_in) on the bias both come to U(±1/√fan_in).
     */
    static Initializer pytorchDefault() {
        return (g, fanIn, fanOut, shape) -> uniform(fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0).create(g, fanIn, fanOut, shape);
    }

    /** Glorot (Xavier) uniform, Keras's default for Dense and Conv kernels: U(±√(6 / (fan_in + fan_out))). */
    static Initializer glorotUniform() {
        return (g, fanIn, fanOut, shape) -> uniform(Math.sqrt(6.0 / (fanIn + fanOut))).create(g, fanIn, fanOut, shape);
    }

    /** He (Kaiming) normal for ReLU networks: N(0, 2 / fan_in). */
    static Initializer heNormal() {
        return (g, fanIn, fanOut, shape) -> normal(Math.sqrt(2.0 / fanIn)).create(g, fanIn, fanOut, shape);
    }
}
