package dev.lathe.conformance;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.layers.Module;
import dev.lathe.layers.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Gradient check of a whole layer: the module is converted to F64 and every one of its trainable
 * parameters becomes a leaf beside the inputs, so backward() is checked for inputs and weights
 * alike. GradCheck perturbs the leaves' storage in place, which the module reads directly.
 */
final class LayerGradCheck {

    private LayerGradCheck() {
    }

    /**
     * Checks {@code forward} (which applies {@code module} to the float inputs) with respect to the
     * inputs and every parameter; returns the largest difference seen. The module is closed after.
     */
    static double check(String label, Module module, Function<Tensor[], Tensor> forward, Tensor... inputs) {
        module.to(DType.F64);
        List<Tensor> leaves = new ArrayList<>(List.of(inputs));
        for (Parameter p : module.parameters()) {
            leaves.add(p.value());
        }
        int inputCount = inputs.length;
        try {
            return GradCheck.check(label, all -> forward.apply(Arrays.copyOf(all, inputCount)),
                    leaves.toArray(new Tensor[0]), GradCheck.EPS, GradCheck.ATOL, GradCheck.RTOL);
        } finally {
            module.close();
            for (Tensor input : inputs) {
                input.close();
            }
        }
    }

    /** A random F64 input in [-1, 1) of a shape. */
    static Tensor input(long seed, int... shape) {
        return Tensors.uniform(-1, 1, DType.F64, Device.CPU, new Generator(seed), shape);
    }
}
