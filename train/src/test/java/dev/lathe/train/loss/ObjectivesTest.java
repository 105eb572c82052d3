package dev.lathe.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.layers.spec.LossSpec;
import dev.lathe.layers.spec.LossSpec.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each loss against values computed with naive loops from its PyTorch definition. */
class ObjectivesTest {

    private static final double TOLERANCE = 1e-12;
    /** Three rows of logits over three classes. */
    private static final double[] LOGITS = {1, 2, 3, 0.5, -1, 0.25, -2, 0, 2};

    private MemoryScope scope;

    @BeforeEach
    void open() {
        scope = MemoryScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private static Objective crossEntropy(Double smoothing, double[] weights, Integer ignoreIndex) {
        return Objectives.create(new LossSpec(Kind.CROSS_ENTROPY, smoothing, weights, ignoreIndex), true, 3);
    }

    private static double loss(Objective objective, double[] outputs, int[] shape, Tensor targets) {
        return objective.loss(Tensors.of(outputs, shape), targets).item();
    }

    private static double crossEntropyLoss(Objective objective, int... labels) {
        return loss(objective, LOGITS, new int[] {3, 3}, Tensors.of(labels, 3));
    }

    /** log_softmax of one row of LOGITS, by the definition. */
    private static double logP(int row, int c) {
        double total = 0;
        for (int k = 0; k < 3; k++) {
            total += Math.exp(LOGITS[3 * row + k]);
        }
        return LOGITS[3 * row + c] - Math.log(total);
    }

    /** Σ over classes of w_c·(−log p_c) for one row. */
    private static double smoothTerm(int row, double[] weights) {
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            sum -= (weights == null ? 1 : weights[c]) * logP(row, c);
        }
        return sum;
    }

    @Test
    void meanSquaredError() {
        Objective mse = Objectives.create(new LossSpec(Kind.MSE, null, null, null), false, 1);
        assertEquals((1 + 4 + 0.25 + 9) / 4, loss(mse, new double[] {1, 2, 0.5, -1}, new int[] {2, 2}, Tensors.of(new double[] {0, 4, 1, 2}, 2, 2)), TOLERANCE);
    }

    @Test
    void plainCrossEntropy() {
        double expected = -(logP(0, 2) + logP(1, 0) + logP(2, 1)) / 3;
        assertEquals(expected, crossEntropyLoss(crossEntropy(null, null, null), 2, 0, 1), TOLERANCE);
    }

    @Test
    void labelSmoothingMixesInTheMeanOverClasses() {
        double eps = 0.2;
        double nll = -(logP(0, 2) + logP(1, 0) + logP(2, 1)) / 3;
        double smooth = (smoothTerm(0, null) + smoothTerm(1, null) + smoothTerm(2, null)) / 3;
        assertEquals((1 - eps) * nll + eps / 3 * smooth, crossEntropyLoss(crossEntropy(eps, null, null), 2, 0, 1), TOLERANCE);
    }

    @Test
    void classWeightsGiveAWeightedMean() {
        double[] w = {0.5, 1, 2};
        double expected = -(w[2] * logP(0, 2) + w[0] * logP(1, 0) + w[1] * logP(2, 1)) / (w[2] + w[0] + w[1]);
        assertEquals(expected, crossEntropyLoss(crossEntropy(null, w, null), 2, 0, 1), TOLERANCE);
    }

    @Test
    void classWeightsWithLabelSmoothingDivideBothTermsByTheTargetsWeights() {
        double[] w = {0.5, 1, 2};
        double eps = 0.1;
        double weightTotal = w[2] + w[0] + w[1];
        double nll = -(w[2] * logP(0, 2) + w[0] * logP(1, 0) + w[1] * logP(2, 1)) / weightTotal;
        double smooth = (smoothTerm(0, w) + smoothTerm(1, w) + smoothTerm(2, w)) / weightTotal;
        assertEquals((1 - eps) * nll + eps / 3 * smooth, crossEntropyLoss(crossEntropy(eps, w, null), 2, 0, 1), TOLERANCE);
    }

    @Test
    void ignoredTargetsAreLeftOut() {
        // the default ignore_index is PyTorch's -100
        assertEquals(-(logP(0, 2) + logP(2, 1)) / 2, crossEntropyLoss(crossEntropy(null, null, null), 2, -100, 1), TOLERANCE);
        double eps = 0.3;
        double[] w = {0.5, 1, 2};
        double nll = -(w[2] * logP(0, 2) + w[0] * logP(1, 0)) / (w[2] + w[0]);
        double smooth = (smoothTerm(0, w) + smoothTerm(1, w)) / (w[2] + w[0]);
        assertEquals((1 - eps) * nll + eps / 3 * smooth, crossEntropyLoss(crossEntropy(eps, w, 1), 2, 0, 1), TOLERANCE);
        assertTrue(Double.isNaN(crossEntropyLoss(crossEntropy(eps, null, 1), 1, 1, 1)), "nothing left to average: NaN, as PyTorch");
    }

    @Test
    void crossEntropyInputsAreChecked() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> crossEntropy(null, new double[] {1, 2}, null));
        assertEquals("training.loss.class_weights: the model has 3 classes but 2 weights are given", e.getMessage());
        assertThrows(InvalidInputException.class, () -> crossEntropy(null, new double[] {1, -2, 1}, null));
        assertThrows(InvalidInputException.class, () -> crossEntropy(1.5, null, null));
        assertThrows(InvalidInputException.class, () -> crossEntropyLoss(crossEntropy(0.1, null, null), 2, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> crossEntropy(null, null, null).loss(Tensors.zeros(3, 4), Tensors.of(new int[] {0, 1, 2}, 3)));
        assertThrows(IllegalArgumentException.class, () -> crossEntropy(null, null, null).loss(Tensors.zeros(3, 3), Tensors.zeros(3)));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void binaryCrossEntropyWithLogits() {
        double[] x = {2, -1, 0.5, 30};
        double[] t = {1, 0, 0.25, 0};
        double expected = 0;
        for (int i = 0; i < x.length; i++) {
            // 1 − σ(x) written as σ(−x), which keeps its digits at x = 30
            expected -= t[i] * Math.log(sigmoid(x[i])) + (1 - t[i]) * Math.log(sigmoid(-x[i]));
        }
        expected /= x.length;
        Objective withLogits = Objectives.create(new LossSpec(Kind.BINARY_CROSS_ENTROPY_WITH_LOGITS, null, null, null), false, 1);
        assertEquals(expected, loss(withLogits, x, new int[] {4, 1}, Tensors.of(t, 4, 1)), 1e-10);
        // binary_cross_entropy on outputs whose final sigmoid the trainer took away: the same stable form
        Objective folded = Objectives.create(new LossSpec(Kind.BINARY_CROSS_ENTROPY, null, null, null), true, 1);
        assertEquals(expected, loss(folded, x, new int[] {4, 1}, Tensors.of(t, 4, 1)), 1e-10);
    }

    @Test
    void binaryCrossEntropyOnProbabilitiesClampsTheLogAtMinus100() {
        Objective bce = Objectives.create(new LossSpec(Kind.BINARY_CROSS_ENTROPY, null, null, null), false, 1);
        double[] p = {0, 1, 0.5, 0.3};
        double[] t = {1, 1, 0, 0.2};
        double expected = (100 + 0 + Math.log(2) - (0.2 * Math.log(0.3) + 0.8 * Math.log(0.7))) / 4;
        Tensor probabilities = Tensors.of(p, 4, 1).requiresGrad(true);
        Tensor value = bce.loss(probabilities, Tensors.of(t, 4, 1));
        assertEquals(expected, value.item(), TOLERANCE);
        value.backward();
        // PyTorch's gradient: (p − t) / max(p(1 − p), 1e-12) / N
        double[] expectedGradient = {-1 / 1e-12 / 4, 0, 0.5 / 0.25 / 4, 0.1 / 0.21 / 4};
        assertArrayEquals(expectedGradient, probabilities.grad().toDoubleArray(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bce.loss(Tensors.of(new double[] {1.5}, 1, 1), Tensors.of(new double[] {1}, 1, 1)));
        assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
    }

    @Test
    void binaryLossesNeedFloatTargets() {
        Objective bce = Objectives.create(new LossSpec(Kind.BINARY_CROSS_ENTROPY_WITH_LOGITS, null, null, null), false, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bce.loss(Tensors.zeros(2, 1), Tensors.of(new int[] {0, 1}, 2, 1)));
        assertTrue(e.getMessage().contains("floating-point targets"), e.getMessage());
    }

    @Test
    void crossEntropySettingsOnOtherLossesAreErrors() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Objectives.create(new LossSpec(Kind.MSE, 0.1, new double[] {1}, 3), false, 1));
        assertEquals("training.loss: mse does not take label_smoothing, class_weights, ignore_index", e.getMessage());
    }

    @Test
    void gradientsOfTheCompositeLossesByCentralDifferences() {
        int[] labels = {2, 0, 1};
        double[] w = {0.5, 1, 2};
        CentralDifference.assertGradient("label smoothing", x -> crossEntropy(0.2, null, null).loss(x, Tensors.of(labels, 3)), LOGITS, 3, 3);
        CentralDifference.assertGradient("class weights", x -> crossEntropy(null, w, null).loss(x, Tensors.of(labels, 3)), LOGITS, 3, 3);
        CentralDifference.assertGradient("both, one row ignored", x -> crossEntropy(0.1, w, 0).loss(x, Tensors.of(labels, 3)), LOGITS, 3, 3);
        Objective bce = Objectives.create(new LossSpec(Kind.BINARY_CROSS_ENTROPY, null, null, null), false, 1);
        CentralDifference.assertGradient("binary cross-entropy on probabilities",
                p -> bce.loss(p, Tensors.of(new double[] {1, 0, 0.3}, 3, 1)), new double[] {0.8, 0.4, 0.6}, 3, 1);
    }
}
