package dev.lathe.engine.autograd;

import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.ops.Elementwise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reverse-mode differentiation: runs the recorded backward rules in reverse topological order. */
public final class Backprop {

    private Backprop() {
    }

    public static void backward(Tensor root, Tensor upstream) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward() on " + root.describe() + ", which does not require a gradient");
        }
        try (GradMode.Restore off = GradMode.noGrad()) {
            Tensor seed;
            if (upstream == null) {
                if (root.numel() != 1) {
                    throw new IllegalArgumentException("backward() without a gradient needs a scalar, got " + root.describe());
                }
                seed = Tensors.onesLike(root);
            } else {
                if (!Arrays.equals(upstream.shape(), root.shape())) {
                    throw new IllegalArgumentException("backward: gradient [" + Shapes.format(upstream.shape())
                            + "] does not match tensor [" + Shapes.format(root.shape()) + "]");
                }
                seed = upstream;
            }
            if (root.isLeaf()) {
                accumulateLeaf(root, seed);
                return;
            }
            run(root, seed);
        }
    }

    private static void run(Tensor root, Tensor seed) {
        List<Node> order = topologicalOrder(root.gradFn());
        Map<Node, Tensor> grads = new IdentityHashMap<>();
        Map<Tensor, Tensor> leafGrads = new LinkedHashMap<>();
        grads.put(root.gradFn(), seed);
        for (Node node : order) {
            Tensor gradOutput = grads.remove(node);
            if (gradOutput == null) {
                continue;
            }
            Tensor[] inputGrads = node.rule().apply(gradOutput);
            Tensor[] inputs = node.inputs();
            for (int i = 0; i < inputs.length; i++) {
                Tensor input = inputs[i];
                if (input == null || !input.requiresGrad() || inputGrads[i] == null) {
                    continue;
                }
                Tensor g = inputGrads[i];
                if (!Arrays.equals(g.shape(), input.shape())) {
                    throw new IllegalStateException("backward of '" + node.op() + "' gave a gradient [" + Shapes.format(g.shape())
                            + "] for input " + i + " of shape [" + Shapes.format(input.shape()) + "]");
                }
                if (input.isLeaf()) {
                    leafGrads.merge(input, g, Elementwise::add);
                } else {
                    grads.merge(input.gradFn(), g, Elementwise::add);
                }
            }
        }
        leafGrads.forEach(Backprop::accumulateLeaf);
    }

    private static void accumulateLeaf(Tensor leaf, Tensor g) {
        Tensor existing = leaf.grad();
        leaf.setGrad(existing == null ? Tensors.copyOf(g) : Elementwise.add(existing, g));
    }

    /** Nodes reachable from {@code start}, each after every node that consumes its output. */
    private static List<Node> topologicalOrder(Node start) {
        List<Node> postOrder = new ArrayList<>();
        Map<Node, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {start, 0});
        visited.put(start, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Node node = (Node) frame[0];
            int next = (Integer) frame[1];
            Tensor[] inputs = node.inputs();
            if (next < inputs.length) {
                frame[1] = next + 1;
                Tensor input = inputs[next];
                Node child = input == null ? null : input.gradFn();
                if (child != null && visited.put(child, Boolean.TRUE) == null) {
                    stack.push(new Object[] {child, 0});
                }
            } else {
                stack.pop();
                postOrder.add(node);
            }
        }
        java.util.Collections.reverse(postOrder);
        return postOrder;
    }
}
