package dev.lathe.conformance.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.layers.spec.Model;
import dev.lathe.train.Trainer;
import dev.lathe.train.TrainingListener;
import dev.lathe.train.TrainingSettings;
import dev.lathe.train.data.ArrayDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every MODELS.md model trained by Lathe's Trainer for ten steps (reference/models.py's batches, in
 * order, from PyTorch's initial weights) gives PyTorch's loss at each step and its weights after
 * the last, with SGD (momentum 0.9) and with Adam.
 */
class ModelStepsTest {

    /**
     * Both sides compute in F32 but sum in different orders (matrix products, convolutions,
     * reductions), so each step's gradients differ by rounding; those differences feed the next
     * steps and grow with them, and Adam, which divides by the gradient's running RMS, turns tiny
     * gradient differences of rarely used weights into larger weight differences. One bound for
     * every model and optimizer: the worst measured differences (docs/pytorch-agreement.md)
     * are 2.4e-7 in the loss and 1.9e-5 in a weight (cnn-fashion, Adam); a wrong gradient or update
     * rule moves a weight by a good part of a step, 1e-3 (Adam) or lr × gradient (SGD).
     */
    private static final double LOSS_TOLERANCE = 1e-5;
    private static final double WEIGHT_TOLERANCE = 1e-4;

    static Stream<Arguments> cases() {
        return ModelFixture.MODELS.stream().flatMap(name -> ModelFixture.OPTIMIZERS.stream().map(o -> Arguments.of(name, o)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void tenStepsGivePyTorchsLossesAndWeights(String name, String optimizer) {
        try (ModelFixture fixture = ModelFixture.read(name); Model model = fixture.build(optimizer)) {
            model.network().loadStateDict(fixture.initialWeights(), true);
            ArrayDataset data = fixture.data(model);
            List<Double> losses = new ArrayList<>();
            TrainingSettings settings = TrainingSettings.from(model.spec().training(), model.spec().seedOrDefault());
            try (Trainer trainer = new Trainer(model, settings, data.classCount())) {
                trainer.fit(data, null, null, new TrainingListener() {
                    @Override
                    public void stepDone(int epoch, int step, int steps, double loss, double samplesPerSecond) {
                        losses.add(loss);
                    }
                });
            }
            double[] expected = fixture.losses(optimizer);
            assertEquals(expected.length, losses.size(), "steps");
            ModelDifference loss = new ModelDifference(0, "nowhere");
            for (int step = 0; step < expected.length; step++) {
                loss = loss.max(new ModelDifference(Math.abs(losses.get(step) - expected[step]), "step " + (step + 1)));
            }
            ModelDifference weights = ModelDifference.of(model.network().stateDict(), fixture.finalWeights(optimizer));
            System.out.printf("model steps %s %s: max |loss difference| %.3g (%s), max |weight difference| %.3g (%s)%n",
                    name, optimizer, loss.value(), loss.where(), weights.value(), weights.where());
            assertTrue(loss.value() <= LOSS_TOLERANCE, name + " " + optimizer + ": loss differs by " + loss.value() + " at " + loss.where()
                    + "; Lathe " + losses + ", PyTorch " + Arrays.toString(expected));
            assertTrue(weights.value() <= WEIGHT_TOLERANCE, name + " " + optimizer + ": after step 10, " + weights.where()
                    + " differs by " + weights.value());
        }
    }
}
