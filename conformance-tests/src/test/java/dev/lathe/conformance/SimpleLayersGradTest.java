package dev.lathe.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.Generator;
import dev.lathe.layers.Dropout;
import dev.lathe.layers.Flatten;
import dev.lathe.layers.GELU;
import dev.lathe.layers.Layer;
import dev.lathe.layers.LeakyReLU;
import dev.lathe.layers.ReLU;
import dev.lathe.layers.Sigmoid;
import dev.lathe.layers.Softmax;
import dev.lathe.layers.Tanh;
import java.util.List;
import org.junit.jupiter.api.Test;

/** F64 gradient checks of the parameterless layers: activations, Flatten, Dropout. */
class SimpleLayersGradTest {

    private static void check(String label, Layer layer, int... inputShape) {
        double worst = LayerGradCheck.check(label, layer, x -> layer.forward(x[0]), LayerGradCheck.input(label.hashCode(), inputShape));
        assertTrue(worst < 1e-7, label + ": worst " + worst);
    }

    @Test
    void activations() {
        for (Layer layer : List.of(new ReLU(), new LeakyReLU(), new LeakyReLU(0.3), new GELU(), new Tanh(), new Sigmoid(), new Softmax(),
                new Softmax(1))) {
            check(layer.describe(), layer, 2, 3, 4);
        }
    }

    @Test
    void flatten() {
        check("Flatten", new Flatten(), 2, 2, 3);
        check("Flatten(1, 2)", new Flatten(1, 2), 2, 2, 3, 2);
    }

    @Test
    void dropoutWhileTraining() {
        // a fresh generator per forward: every central difference must see the same dropout mask
        Dropout layer = new Dropout(0.4, new Generator(1));
        double worst = LayerGradCheck.check("Dropout(0.4)", layer, x -> new Dropout(0.4, new Generator(7)).forward(x[0]),
                LayerGradCheck.input(3, 4, 5));
        assertTrue(worst < 1e-7, "worst " + worst);
    }

    @Test
    void dropoutInEvaluation() {
        Dropout layer = new Dropout(0.4, new Generator(1));
        layer.eval();
        check("Dropout(0.4) eval", layer, 4, 5);
    }
}
