package dev.lathe.engine.ops;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.autograd.Graph;
import dev.lathe.engine.backend.Conv2dParams;
import java.util.List;

/** 2-d convolution (NCHW input, OIHW weight, no bias: layers add it by broadcasting). */
public final class Convolution {

    static final List<String> OPS = List.of("conv2d");

    private Convolution() {
    }

    public static Tensor conv2d(Tensor input, Tensor weight, Conv2dParams p) {
        Tensor out = input.backend().conv2d(input, weight, p);
        return Graph.record(out, "conv2d", g -> new Tensor[] {
                input.requiresGrad() ? g.backend().conv2dBackwardData(g, weight, input.shape(), p) : null,
                weight.requiresGrad() ? g.backend().conv2dBackwardFilter(input, g, weight.shape(), p) : null}, input, weight);
    }
}
