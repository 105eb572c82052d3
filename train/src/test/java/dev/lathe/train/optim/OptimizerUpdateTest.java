package dev.lathe.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Tensor;
import dev.lathe.layers.Parameter;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The first three updates of each optimizer on {@link QuadraticProblem}, against the update rules of
 * the torch.optim documentation written out with scalar doubles (bias corrections as m̂ = m/(1 − β^t),
 * a different but equal arrangement of PyTorch's).
 */
class OptimizerUpdateTest {

    private static final int STEPS = 3;
    private static final double TOLERANCE = 1e-13;

    /** Runs three steps in F64 and returns w and b after each. */
    private static double[][] run(Function<Map<String, Parameter>, Optimizer> make) {
        double[][] trace = new double[STEPS][];
        try (QuadraticProblem model = new QuadraticProblem(DType.F64); Optimizer optimizer = make.apply(model.namedParameters())) {
            Tensor unused = model.namedParameters().get("unused").value();
            for (int t = 0; t < STEPS; t++) {
                optimizer.zeroGrad();
                model.backward(true);
                optimizer.step();
                trace[t] = model.values();
            }
            assertEquals(STEPS, optimizer.steps());
            assertArrayEquals(new double[] {7, 8}, unused.toDoubleArray(), "a parameter without a gradient is left alone");
            Map<String, Tensor> state = optimizer.state();
            assertFalse(state.containsKey("step.unused"), "no state for a parameter never updated");
            assertEquals(STEPS, state.get("step.w").item());
            state.values().forEach(Tensor::close);
        }
        return trace;
    }

    private static void assertTrace(double[][] expected, double[][] actual) {
        for (int t = 0; t < STEPS; t++) {
            for (int i = 0; i < expected[t].length; i++) {
                assertEquals(expected[t][i], actual[t][i], TOLERANCE * Math.max(1, Math.abs(expected[t][i])), "step " + (t + 1) + ", element " + i);
            }
        }
    }

    private static double[][] sgdByHand(double lr, double momentum, boolean nesterov, double weightDecay) {
        double[] x = QuadraticProblem.START.clone();
        double[] buffer = new double[x.length];
        double[][] trace = new double[STEPS][];
        for (int t = 1; t <= STEPS; t++) {
            for (int i = 0; i < x.length; i++) {
                double d = QuadraticProblem.gradient(x[i], i) + weightDecay * x[i];
                if (momentum != 0) {
                    buffer[i] = t == 1 ? d : momentum * buffer[i] + d;
                    d = nesterov ? d + momentum * buffer[i] : buffer[i];
                }
                x[i] -= lr * d;
            }
            trace[t - 1] = x.clone();
        }
        return trace;
    }

    @Test
    void plainSgd() {
        assertTrace(sgdByHand(0.1, 0, false, 0), run(p -> new SGD(p, 0.1)));
    }

    @Test
    void sgdWithMomentumAndWeightDecay() {
        assertTrace(sgdByHand(0.05, 0.9, false, 0.01), run(p -> new SGD(p, 0.05, 0.9, false, 0.01)));
    }

    @Test
    void sgdWithNesterovMomentum() {
        assertTrace(sgdByHand(0.05, 0.8, true, 0.02), run(p -> new SGD(p, 0.05, 0.8, true, 0.02)));
    }

    private static double[][] adamByHand(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        double[] x = QuadraticProblem.START.clone();
        double[] m = new double[x.length];
        double[] v = new double[x.length];
        double[][] trace = new double[STEPS][];
        for (int t = 1; t <= STEPS; t++) {
            for (int i = 0; i < x.length; i++) {
                double g = QuadraticProblem.gradient(x[i], i);
                if (decoupled) {
                    x[i] *= 1 - lr * weightDecay;
                } else {
                    g += weightDecay * x[i];
                }
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double mHat = m[i] / (1 - Math.pow(beta1, t));
                double vHat = v[i] / (1 - Math.pow(beta2, t));
                x[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
            trace[t - 1] = x.clone();
        }
        return trace;
    }

    @Test
    void adamWithDefaults() {
        assertTrace(adamByHand(0.01, 0.9, 0.999, 1e-8, 0, false), run(p -> new Adam(p, 0.01)));
    }

    @Test
    void adamWithWeightDecayInTheGradient() {
        assertTrace(adamByHand(0.02, 0.8, 0.99, 1e-3, 0.1, false), run(p -> new Adam(p, 0.02, 0.8, 0.99, 1e-3, 0.1)));
    }

    @Test
    void adamWithASmallBeta1TakesLerpsOtherBranch() {
        assertTrace(adamByHand(0.02, 0.3, 0.9, 1e-8, 0, false), run(p -> new Adam(p, 0.02, 0.3, 0.9, 1e-8, 0)));
    }

    @Test
    void adamWDecaysTheWeight() {
        assertTrace(adamByHand(0.01, 0.9, 0.999, 1e-8, 0.01, true), run(p -> new AdamW(p, 0.01)));
        assertTrace(adamByHand(0.05, 0.85, 0.99, 1e-6, 0.3, true), run(p -> new AdamW(p, 0.05, 0.85, 0.99, 1e-6, 0.3)));
    }

    private static double[][] rmspropByHand(double lr, double alpha, double eps, double momentum, double weightDecay) {
        double[] x = QuadraticProblem.START.clone();
        double[] square = new double[x.length];
        double[] buffer = new double[x.length];
        double[][] trace = new double[STEPS][];
        for (int t = 1; t <= STEPS; t++) {
            for (int i = 0; i < x.length; i++) {
                double g = QuadraticProblem.gradient(x[i], i) + weightDecay * x[i];
                square[i] = alpha * square[i] + (1 - alpha) * g * g;
                double step = g / (Math.sqrt(square[i]) + eps);
                if (momentum > 0) {
                    buffer[i] = momentum * buffer[i] + step;
                    step = buffer[i];
                }
                x[i] -= lr * step;
            }
            trace[t - 1] = x.clone();
        }
        return trace;
    }

    @Test
    void rmspropWithDefaults() {
        assertTrace(rmspropByHand(0.01, 0.99, 1e-8, 0, 0), run(p -> new RMSprop(p, 0.01)));
    }

    @Test
    void rmspropWithMomentumAndWeightDecay() {
        assertTrace(rmspropByHand(0.005, 0.9, 1e-4, 0.7, 0.05), run(p -> new RMSprop(p, 0.005, 0.9, 1e-4, 0.7, 0.05)));
    }

    @Test
    void theLearningRateCanChangeBetweenSteps() {
        try (QuadraticProblem model = new QuadraticProblem(DType.F64); Optimizer sgd = new SGD(model.namedParameters(), 0.1)) {
            model.backward(true);
            sgd.setLearningRate(0.25);
            assertEquals(0.25, sgd.learningRate());
            sgd.step();
            double expected = QuadraticProblem.START[0] - 0.25 * QuadraticProblem.gradient(QuadraticProblem.START[0], 0);
            assertEquals(expected, model.values()[0], 1e-15);
            assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(-1));
        }
    }

    @Test
    void zeroGradDropsTheGradients() {
        try (QuadraticProblem model = new QuadraticProblem(DType.F64); Optimizer adam = new Adam(model.namedParameters(), 0.1)) {
            model.backward(true);
            assertTrue(model.namedParameters().get("w").grad() != null);
            adam.zeroGrad();
            model.namedParameters().values().forEach(p -> assertNull(p.grad()));
            double[] before = model.values();
            adam.step();
            assertArrayEquals(before, model.values(), "a step without gradients changes nothing");
        }
    }

    @Test
    void hyperParametersOutsidePyTorchsBoundsAreRejected() {
        try (QuadraticProblem model = new QuadraticProblem(DType.F64)) {
            Map<String, Parameter> p = model.namedParameters();
            assertThrows(IllegalArgumentException.class, () -> new SGD(p, 0.1, 0, true, 0));
            assertThrows(IllegalArgumentException.class, () -> new SGD(p, 0.1, -0.5, false, 0));
            assertThrows(IllegalArgumentException.class, () -> new Adam(p, 0.1, 1.0, 0.999, 1e-8, 0));
            assertThrows(IllegalArgumentException.class, () -> new AdamW(p, 0.1, 0.9, -0.1, 1e-8, 0));
            assertThrows(IllegalArgumentException.class, () -> new RMSprop(p, 0.1, 0.99, -1, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> new SGD(Map.of(), 0.1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam(p, Double.NaN));
            assertTrue(e.getMessage().contains("lr"), e.getMessage());
        }
    }
}
