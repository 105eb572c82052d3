package dev.lathe.engine.autograd;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.ops.OpRegistry;

/** Records an op's backward rule on its output when gradients are on and some input needs one. */
public final class Graph {

    private Graph() {
    }

    public static Tensor record(Tensor output, String op, Node.BackwardRule rule, Tensor... inputs) {
        if (!GradMode.isEnabled()) {
            return output;
        }
        boolean needed = false;
        for (Tensor input : inputs) {
            needed |= input != null && input.requiresGrad();
        }
        if (needed) {
            if (!OpRegistry.isRegistered(op)) {
                throw new IllegalStateException("op '" + op + "' records gradients but is not in the op registry");
            }
            output.setGradFn(new Node(op, inputs.clone(), rule));
        }
        return output;
    }
}
