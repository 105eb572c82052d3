package dev.lathe.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.functional.Composites;
import dev.lathe.engine.ops.OpRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Fails when an op that records a backward rule, or a composite, ships without a gradient check. */
class OpRegistryTest {

    private static final List<GradCase> CASES = GradCases.all();

    private static Set<String> variantsOf(String op) {
        return CASES.stream().filter(c -> c.op().equals(op)).map(GradCase::variant).collect(Collectors.toSet());
    }

    /** The ops among {@code ops} that have no gradient check with a variant accepted by {@code wanted}. */
    private static Set<String> lacking(Collection<String> ops, Predicate<Set<String>> wanted) {
        return ops.stream().filter(op -> !wanted.test(variantsOf(op))).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyRegisteredOpHasAGradientCheck() {
        assertEquals(Set.of(), lacking(OpRegistry.all(), v -> !v.isEmpty()), "registered ops without a gradient check");
    }

    @Test
    void everyCompositeHasAGradientCheck() {
        assertEquals(Set.of(), lacking(Composites.NAMES, v -> !v.isEmpty()), "composites without a gradient check");
    }

    @Test
    void everyCheckNamesAKnownOp() {
        Set<String> unknown = new TreeSet<>();
        for (GradCase c : CASES) {
            if (!OpRegistry.all().contains(c.op()) && !Composites.NAMES.contains(c.op())) {
                unknown.add(c.op());
            }
        }
        assertEquals(Set.of(), unknown, "gradient checks for ops that are neither registered nor composites");
    }

    @Test
    void broadcastingOpsAreCheckedWithBroadcastInputs() {
        for (String op : List.of("add", "sub", "mul", "div", "pow", "maximum", "minimum", "where", "matmul", "expand")) {
            assertTrue(variantsOf(op).contains(GradCase.BROADCAST), op + " has no broadcast gradient check");
        }
    }

    @Test
    void opsReadingTensorsAreCheckedOnNonContiguousInputs() {
        Set<String> exempt = Set.of("cast", "to_device", "dropout", "binary_cross_entropy_with_logits", "cross_entropy_probabilities");
        Set<String> ops = new TreeSet<>(OpRegistry.all());
        ops.addAll(Composites.NAMES);
        ops.removeAll(exempt);
        assertEquals(Set.of(), lacking(ops, v -> v.contains(GradCase.NON_CONTIGUOUS)), "ops without a non-contiguous gradient check");
    }
}
