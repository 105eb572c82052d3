package dev.lathe.engine.ops;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The names of every op that records a backward rule. The conformance suite checks that each
 * one has a finite-difference gradient check, so a new op cannot ship without one.
 */
public final class OpRegistry {

    private static final Set<String> NAMES = new LinkedHashSet<>();

    static {
        NAMES.addAll(Elementwise.OPS);
        NAMES.addAll(Reductions.OPS);
        NAMES.addAll(LinearAlgebra.OPS);
        NAMES.addAll(Convolution.OPS);
        NAMES.addAll(Pooling.OPS);
        NAMES.addAll(Indexing.OPS);
        NAMES.addAll(Views.OPS);
        NAMES.addAll(Norms.OPS);
        NAMES.addAll(Recurrent.OPS);
    }

    private OpRegistry() {
    }

    public static boolean isRegistered(String op) {
        return NAMES.contains(op);
    }

    public static Set<String> all() {
        return Collections.unmodifiableSet(NAMES);
    }
}
