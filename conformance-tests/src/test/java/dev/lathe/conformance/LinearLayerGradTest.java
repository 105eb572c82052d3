package dev.lathe.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.Generator;
import dev.lathe.layers.Linear;
import org.junit.jupiter.api.Test;

/** F64 gradient checks of Linear with respect to its input, weight and bias. */
class LinearLayerGradTest {

    @Test
    void linearOnMatrixInput() {
        Linear layer = new Linear(4, 3, true, new Generator(1));
        double worst = LayerGradCheck.check("Linear 4→3", layer, x -> layer.forward(x[0]), LayerGradCheck.input(2, 5, 4));
        assertTrue(worst < 1e-7, "worst " + worst);
    }

    @Test
    void linearOverTimeStepsWithoutBias() {
        Linear layer = new Linear(4, 2, false, new Generator(3));
        double worst = LayerGradCheck.check("Linear 4→2 [N,T,C] no bias", layer, x -> layer.forward(x[0]), LayerGradCheck.input(4, 2, 3, 4));
        assertTrue(worst < 1e-7, "worst " + worst);
    }
}
