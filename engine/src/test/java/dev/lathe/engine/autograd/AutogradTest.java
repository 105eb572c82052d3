package dev.lathe.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Reductions;
import org.junit.jupiter.api.Test;

/** Semantics of reverse mode: accumulation, noGrad, detach, shared subexpressions, and misuse errors. */
class AutogradTest {

    private static Tensor leaf(double... values) {
        return Tensors.of(values, values.length).requiresGrad(true);
    }

    @Test
    void gradientsAccumulateOverBackwardCalls() {
        Tensor x = leaf(1, 2, 3);
        Reductions.sumAll(x.mul(x)).backward();
        assertArrayEquals(new double[] {2, 4, 6}, x.grad().toDoubleArray());
        Reductions.sumAll(x.mul(3.0)).backward();
        assertArrayEquals(new double[] {5, 7, 9}, x.grad().toDoubleArray());
        x.setGrad(null);
        assertNull(x.grad());
    }

    @Test
    void aValueUsedTwiceGetsBothContributions() {
        // y = x * exp(x): dy/dx = exp(x) (1 + x)
        Tensor x = leaf(0.5, -1.0);
        Reductions.sumAll(x.mul(Elementwise.exp(x))).backward();
        double[] g = x.grad().toDoubleArray();
        assertEquals(Math.exp(0.5) * 1.5, g[0], 1e-12);
        assertEquals(Math.exp(-1.0) * 0.0, g[1], 1e-12);
    }

    @Test
    void noGradRecordsNothing() {
        Tensor x = leaf(1, 2);
        try (GradMode.Restore off = GradMode.noGrad()) {
            Tensor y = x.mul(x);
            assertFalse(y.requiresGrad());
            assertTrue(y.isLeaf());
        }
        assertTrue(GradMode.isEnabled(), "closing the scope restores recording");
        assertTrue(x.mul(x).requiresGrad());
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = leaf(2, 3);
        Tensor constant = x.mul(x).detach();
        assertFalse(constant.requiresGrad());
        Reductions.sumAll(x.mul(constant)).backward();
        assertArrayEquals(new double[] {4, 9}, x.grad().toDoubleArray(), "only the direct path contributes");
    }

    @Test
    void leafGradientOwnsItsStorage() {
        Tensor x = leaf(1, 2);
        Tensor y = leaf(3, 4);
        Reductions.sumAll(x.add(y)).backward();
        assertNotSame(x.grad().storage(), y.grad().storage(), "two leaves must not share one gradient buffer");
    }

    @Test
    void backwardFromNonScalarNeedsAnUpstreamGradient() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
        assertTrue(e.getMessage().contains("scalar"), e.getMessage());
        y.backward(Tensors.of(new double[] {1, 10}, 2));
        assertArrayEquals(new double[] {2, 20}, x.grad().toDoubleArray());
    }

    @Test
    void backwardOnATensorWithoutGradientIsAnError() {
        Tensor x = Tensors.of(new double[] {1}, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Reductions.sumAll(x).backward());
        assertTrue(e.getMessage().contains("does not require a gradient"), e.getMessage());
    }

    @Test
    void integerTensorsCannotRequireGradients() {
        Tensor labels = Tensors.of(new int[] {1, 2}, 2);
        assertThrows(IllegalArgumentException.class, () -> labels.requiresGrad(true));
    }
}
