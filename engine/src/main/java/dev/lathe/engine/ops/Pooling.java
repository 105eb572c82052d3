package dev.lathe.engine.ops;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.autograd.Graph;
import dev.lathe.engine.backend.Pool2dParams;
import dev.lathe.engine.backend.PoolResult;
import java.util.List;

/** 2-d max and average pooling over NCHW input. */
public final class Pooling {

    static final List<String> OPS = List.of("max_pool2d", "avg_pool2d");

    private Pooling() {
    }

    public static Tensor maxPool2d(Tensor input, Pool2dParams p) {
        PoolResult result = input.backend().maxPool2d(input, p);
        Tensor indices = result.indices();
        return Graph.record(result.output(), "max_pool2d",
                g -> new Tensor[] {g.backend().maxPool2dBackward(g, indices, input.shape())}, input);
    }

    public static Tensor avgPool2d(Tensor input, Pool2dParams p) {
        Tensor out = input.backend().avgPool2d(input, p);
        return Graph.record(out, "avg_pool2d", g -> new Tensor[] {g.backend().avgPool2dBackward(g, input.shape(), p)}, input);
    }
}
