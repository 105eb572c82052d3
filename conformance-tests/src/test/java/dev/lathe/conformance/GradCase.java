package dev.lathe.conformance;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import java.util.function.Function;

/** One gradient check: the op it covers, which layout case it is, its random leaves and the function under test. */
record GradCase(String op, String variant, Function<Tensor[], Tensor> function, Leaf[] leaves,
                double eps, double atol, double rtol) {

    /** A random F64 leaf of a shape, drawn uniformly from [low, high). */
    record Leaf(int[] shape, double low, double high) {
    }

    static final String PLAIN = "plain";
    static final String BROADCAST = "broadcast";
    static final String NON_CONTIGUOUS = "non-contiguous";

    GradCase(String op, String variant, Function<Tensor[], Tensor> function, Leaf... leaves) {
        this(op, variant, function, leaves, GradCheck.EPS, GradCheck.ATOL, GradCheck.RTOL);
    }

    Tensor[] makeLeaves(long seed) {
        Generator g = new Generator(seed);
        Tensor[] out = new Tensor[leaves.length];
        for (int i = 0; i < leaves.length; i++) {
            out[i] = Tensors.uniform(leaves[i].low, leaves[i].high, DType.F64, Device.CPU, g, leaves[i].shape);
        }
        return out;
    }

    @Override
    public String toString() {
        return op + " [" + variant + "]";
    }
}
