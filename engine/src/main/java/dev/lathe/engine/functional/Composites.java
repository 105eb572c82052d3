package dev.lathe.engine.functional;

import java.util.List;

/**
 * The composite ops: built from registered primitives, so they need no backward rules of their
 * own, but each still gets a gradient check (the conformance suite enforces this list).
 */
public final class Composites {

    public static final List<String> NAMES = List.of(
            "mean", "leaky_relu", "dropout",
            "mse", "binary_cross_entropy_with_logits", "cross_entropy", "cross_entropy_probabilities");

    private Composites() {
    }
}
