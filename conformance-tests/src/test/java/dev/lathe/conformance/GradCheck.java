package dev.lathe.conformance;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.autograd.GradMode;
import dev.lathe.engine.cpu.CpuStorage;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Reductions;
import java.util.function.Function;

/**
 * Central-difference gradient check in F64 on the CPU. The function's output is reduced to a
 * scalar with fixed random weights (a plain sum would hide errors that cancel), the analytic
 * gradient of every leaf comes from backward(), and the numeric one from perturbing each leaf
 * element by ±eps.
 */
final class GradCheck {

    /** Step and tolerance for F64: truncation error ~eps², round-off ~1e-16/eps. */
    static final double EPS = 1e-6;
    static final double ATOL = 1e-7;
    static final double RTOL = 1e-5;

    private GradCheck() {
    }

    /**
     * Leaves are F64 CPU tensors; the function builds the op's inputs from them (views, broadcasts)
     * and applies the op. Returns the largest absolute difference seen.
     */
    static double check(String label, Function<Tensor[], Tensor> f, Tensor[] leaves, double eps, double atol, double rtol) {
        try (MemoryScope scope = MemoryScope.open()) {
            for (Tensor leaf : leaves) {
                if (leaf.dtype() != DType.F64 || !leaf.isContiguous()) {
                    throw new IllegalArgumentException("gradient-check leaves must be contiguous F64 tensors");
                }
                leaf.requiresGrad(true);
                leaf.setGrad(null);
            }
            Tensor probe = f.apply(leaves);
            Tensor weights = Tensors.uniform(0.5, 1.5, DType.F64, Device.CPU, new Generator(99), probe.shape());
            Reductions.sumAll(Elementwise.mul(probe, weights)).backward();
            double worst = 0;

            for (int l = 0; l < leaves.length; l++) {
                Tensor leaf = leaves[l];
                double[] data = ((CpuStorage.F64) CpuStorage.of(leaf)).data();
                double[] analytic = leaf.grad() == null ? new double[data.length] : leaf.grad().toDoubleArray();
                for (int i = 0; i < data.length; i++) {
                    double saved = data[i];
                    data[i] = saved + eps;
                    double up = weightedSum(f, leaves, weights);
                    data[i] = saved - eps;
                    double down = weightedSum(f, leaves, weights);
                    data[i] = saved;
                    double numeric = (up - down) / (2 * eps);
                    double error = Math.abs(analytic[i] - numeric);
                    worst = Math.max(worst, error);
                    if (error > atol + rtol * Math.abs(numeric)) {
                        throw new AssertionError(label + ": gradient of input " + l + " element " + i + " is " + analytic[i]
                                + " by backward() but " + numeric + " by central differences (|diff| " + error + ")");
                    }
                }
            }
            return worst;
        }
    }

    private static double weightedSum(Function<Tensor[], Tensor> f, Tensor[] leaves, Tensor weights) {
        try (MemoryScope scope = MemoryScope.open(); GradMode.Restore off = GradMode.noGrad()) {
            return Reductions.sumAll(Elementwise.mul(f.apply(leaves), weights)).item();
        }
    }
}
