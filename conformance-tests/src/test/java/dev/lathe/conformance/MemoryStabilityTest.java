package dev.lathe.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Storage;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.autograd.GradMode;
import dev.lathe.engine.functional.Activations;
import dev.lathe.engine.functional.Losses;
import dev.lathe.engine.ops.LinearAlgebra;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 10,000 training steps of a small MLP must not leak storages: every step's intermediates are freed by its scope. */
class MemoryStabilityTest {

    @Test
    void liveStoragesStayFlatOverTenThousandSteps() {
        Generator g = new Generator(3);
        Tensor w1 = Tensors.uniform(-0.5, 0.5, DType.F32, Device.CPU, g, 8, 4).requiresGrad(true);
        Tensor b1 = Tensors.uniform(-0.5, 0.5, DType.F32, Device.CPU, g, 8).requiresGrad(true);
        Tensor w2 = Tensors.uniform(-0.5, 0.5, DType.F32, Device.CPU, g, 3, 8).requiresGrad(true);
        Tensor b2 = Tensors.uniform(-0.5, 0.5, DType.F32, Device.CPU, g, 3).requiresGrad(true);
        List<Tensor> parameters = List.of(w1, b1, w2, b2);
        Tensor inputs = Tensors.uniform(-1, 1, DType.F32, Device.CPU, g, 16, 4);
        Tensor labels = Tensors.of(new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0}, 16);

        long liveAfterWarmup = 0;
        double firstLoss = 0;
        double lastLoss = 0;
        for (int step = 0; step < 10_000; step++) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor hidden = Activations.relu(LinearAlgebra.matmul(inputs, w1.transpose(0, 1)).add(b1));
                Tensor logits = LinearAlgebra.matmul(hidden, w2.transpose(0, 1)).add(b2);
                Tensor loss = Losses.crossEntropy(logits, labels);
                loss.backward();
                try (GradMode.Restore off = GradMode.noGrad()) {
                    for (Tensor p : parameters) {
                        Tensor updated = p.sub(p.grad().mul(0.05));
                        p.backend().copy(updated, p);
                        p.setGrad(null);
                    }
                }
                lastLoss = loss.item();
                if (step == 0) {
                    firstLoss = lastLoss;
                }
            }
            if (step == 99) {
                liveAfterWarmup = Storage.liveCount();
            }
        }
        assertEquals(liveAfterWarmup, Storage.liveCount(), "live storages after step 100 vs after step 10,000");
        assertTrue(lastLoss < firstLoss, "the MLP should learn: loss " + firstLoss + " -> " + lastLoss);
        for (Tensor t : List.of(w1, b1, w2, b2, inputs, labels)) {
            t.close();
        }
    }
}
