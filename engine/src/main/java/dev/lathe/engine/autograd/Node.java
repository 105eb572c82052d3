package dev.lathe.engine.autograd;

import dev.lathe.engine.Tensor;

/** One recorded op in the graph: its registered name, its inputs, and the rule giving each input's gradient. */
public final class Node {

    /** Maps the gradient of the op's output to the gradients of its inputs (null where an input needs none). */
    @FunctionalInterface
    public interface BackwardRule {
        Tensor[] apply(Tensor gradOutput);
    }

    private final String op;
    private final Tensor[] inputs;
    private final BackwardRule rule;

    Node(String op, Tensor[] inputs, BackwardRule rule) {
        this.op = op;
        this.inputs = inputs;
        this.rule = rule;
    }

    public String op() {
        return op;
    }

    Tensor[] inputs() {
        return inputs;
    }

    BackwardRule rule() {
        return rule;
    }
}
