package dev.lathe.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.LinearAlgebra;
import dev.lathe.engine.ops.Reductions;
import org.junit.jupiter.api.Test;

/** Deterministic release: scopes close what they own, keep hands tensors outward, views keep storage alive. */
class MemoryScopeTest {

    @Test
    void tensorsCreatedInAScopeAreClosedWhenItEnds() {
        long before = Storage.liveCount();
        Tensor a;
        Tensor b;
        Tensor c;
        try (MemoryScope scope = MemoryScope.open()) {
            a = Tensors.ones(4, 3);
            b = Tensors.randn(3, 2);
            c = Reductions.sumAll(Elementwise.exp(LinearAlgebra.matmul(a, b)));
            Tensor view = a.transpose(0, 1);
            assertTrue(view.numel() == 12 && c.numel() == 1);
            assertTrue(Storage.liveCount() > before);
            assertTrue(scope.ownedCount() >= 6, "owns the inputs, the view and every intermediate");
        }
        assertTrue(a.isClosed() && b.isClosed() && c.isClosed());
        assertEquals(before, Storage.liveCount());
    }

    @Test
    void keepHandsATensorToTheEnclosingScope() {
        long before = Storage.liveCount();
        try (MemoryScope outer = MemoryScope.open()) {
            Tensor kept;
            Tensor dropped;
            try (MemoryScope inner = MemoryScope.open()) {
                kept = MemoryScope.keep(Tensors.ones(5).mul(2.0));
                dropped = Tensors.zeros(5);
            }
            assertTrue(dropped.isClosed());
            assertFalse(kept.isClosed());
            assertArrayEquals(new double[] {2, 2, 2, 2, 2}, kept.toDoubleArray());
            assertTrue(Storage.liveCount() > before);
            outer.close();
            assertTrue(kept.isClosed(), "the outer scope now owns it");
        }
        assertEquals(before, Storage.liveCount());
    }

    @Test
    void keepFromTheOutermostScopeLeavesTheTensorToTheCaller() {
        long before = Storage.liveCount();
        Tensor kept;
        try (MemoryScope scope = MemoryScope.open()) {
            kept = MemoryScope.keep(Tensors.full(7, DType.F64, Device.CPU, 2));
        }
        assertFalse(kept.isClosed());
        assertEquals(before + 1, Storage.liveCount());
        assertArrayEquals(new double[] {7, 7}, kept.toDoubleArray());
        kept.close();
        assertEquals(before, Storage.liveCount());
    }

    @Test
    void usingAClosedTensorThrowsAndSaysItWasClosed() {
        Tensor t;
        try (MemoryScope scope = MemoryScope.open()) {
            t = Tensors.ones(2, 2);
        }
        IllegalStateException read = assertThrows(IllegalStateException.class, t::toDoubleArray);
        assertTrue(read.getMessage().contains("closed") && read.getMessage().contains("[2, 2]"), read.getMessage());
        IllegalStateException op = assertThrows(IllegalStateException.class, () -> t.add(Tensors.ones(2, 2)));
        assertTrue(op.getMessage().contains("closed"), op.getMessage());
        IllegalStateException view = assertThrows(IllegalStateException.class, () -> t.reshape(4));
        assertTrue(view.getMessage().contains("closed"), view.getMessage());
        t.close(); // closing twice is harmless
        assertTrue(t.isClosed());
    }

    @Test
    void aViewKeepsTheStorageAliveAfterItsBaseIsClosed() {
        long before = Storage.liveCount();
        Tensor base = Tensors.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Storage storage = base.storage();
        Tensor narrowed = base.narrow(1, 1, 2);
        Tensor view = narrowed.transpose(0, 1);
        base.close();
        narrowed.close();
        assertTrue(base.isClosed() && narrowed.isClosed());
        assertFalse(storage.isFreed(), "the view still holds a reference");
        assertArrayEquals(new double[] {2, 5, 3, 6}, view.toDoubleArray());
        assertEquals(before + 1, Storage.liveCount());
        view.close();
        assertTrue(storage.isFreed());
        assertEquals(before, Storage.liveCount());
    }

    @Test
    void scopesMustCloseInnermostFirst() {
        MemoryScope outer = MemoryScope.open();
        MemoryScope inner = MemoryScope.open();
        IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(e.getMessage().contains("innermost first"), e.getMessage());
        inner.close();
        outer.close();
        assertEquals(0, outer.ownedCount());
    }

    @Test
    void manyStepsInScopesLeaveNothingBehind() {
        long before = Storage.liveCount();
        Tensor w = Tensors.randn(8, 8);
        for (int step = 0; step < 200; step++) {
            try (MemoryScope s = MemoryScope.open()) {
                Tensor x = Tensors.randn(4, 8);
                Reductions.sumAll(Elementwise.tanh(LinearAlgebra.matmul(x, w)).mul(0.5)).item();
            }
        }
        assertEquals(before + 1, Storage.liveCount());
        w.close();
        assertEquals(before, Storage.liveCount());
    }
}
