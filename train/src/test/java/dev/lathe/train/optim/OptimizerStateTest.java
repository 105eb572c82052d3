package dev.lathe.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.layers.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Saving an optimizer's state mid-run and loading it into a fresh one continues bit for bit. */
class OptimizerStateTest {

    private static final int TOTAL = 6;
    private static final int SAVED_AFTER = 3;

    private static final List<Function<Map<String, Parameter>, Optimizer>> OPTIMIZERS = List.of(
            p -> new SGD(p, 0.05, 0.9, true, 0.01),
            p -> new Adam(p, 0.01, 0.9, 0.999, 1e-8, 0.01),
            p -> new AdamW(p, 0.02),
            p -> new RMSprop(p, 0.01, 0.9, 1e-8, 0.5, 0.01));

    /** b gets a gradient only on even steps, so its own update count lags behind the optimizer's. */
    private static void train(QuadraticProblem model, Optimizer optimizer, int from, int to) {
        for (int t = from; t < to; t++) {
            optimizer.zeroGrad();
            model.backward(t % 2 == 0);
            optimizer.setLearningRate(optimizer.learningRate() * 0.9);
            optimizer.step();
        }
    }

    @Test
    void resumingFromTheStateMatchesAnUninterruptedRun() {
        for (Function<Map<String, Parameter>, Optimizer> make : OPTIMIZERS) {
            try (QuadraticProblem straight = new QuadraticProblem(DType.F32); Optimizer uninterrupted = make.apply(straight.namedParameters());
                 QuadraticProblem first = new QuadraticProblem(DType.F32); Optimizer before = make.apply(first.namedParameters());
                 QuadraticProblem second = new QuadraticProblem(DType.F32); Optimizer after = make.apply(second.namedParameters())) {
                train(straight, uninterrupted, 0, TOTAL);
                train(first, before, 0, SAVED_AFTER);
                Map<String, Tensor> saved = before.state();
                assertEquals(SAVED_AFTER, saved.get("step").item());
                assertEquals(2, saved.get("step.b").item(), "b was updated on steps 0 and 2 only");
                assertEquals(DType.F64, saved.get("step").dtype());
                second.loadStateDict(first.stateDict(), true);
                after.loadState(saved);
                after.setLearningRate(before.learningRate());
                // the saved copies belong to the caller: a later step of the source must not change them
                double[] snapshot = saved.get("step.w").toDoubleArray();
                train(first, before, SAVED_AFTER, SAVED_AFTER + 1);
                assertArrayEquals(snapshot, saved.get("step.w").toDoubleArray());
                saved.values().forEach(Tensor::close);

                train(second, after, SAVED_AFTER, TOTAL);
                assertEquals(TOTAL, after.steps());
                String name = uninterrupted.getClass().getSimpleName();
                assertArrayEquals(straight.namedParameters().get("w").value().toFloatArray(),
                        second.namedParameters().get("w").value().toFloatArray(), name);
                assertArrayEquals(straight.namedParameters().get("b").value().toFloatArray(),
                        second.namedParameters().get("b").value().toFloatArray(), name);
            }
        }
    }

    @Test
    void stateNamesFollowPyTorchsBuffers() {
        try (QuadraticProblem model = new QuadraticProblem(DType.F32); Optimizer adam = new Adam(model.namedParameters(), 0.1);
             Optimizer sgd = new SGD(model.namedParameters(), 0.1, 0.9, false, 0);
             Optimizer rmsprop = new RMSprop(model.namedParameters(), 0.1, 0.99, 1e-8, 0.9, 0)) {
            model.backward(true);
            adam.step();
            sgd.step();
            rmsprop.step();
            assertEquals(List.of("step", "step.w", "exp_avg.w", "exp_avg_sq.w", "step.b", "exp_avg.b", "exp_avg_sq.b"),
                    List.copyOf(adam.state().keySet()));
            assertEquals(List.of("step", "step.w", "momentum_buffer.w", "step.b", "momentum_buffer.b"), List.copyOf(sgd.state().keySet()));
            assertEquals(List.of("step", "step.w", "square_avg.w", "momentum_buffer.w", "step.b", "square_avg.b", "momentum_buffer.b"),
                    List.copyOf(rmsprop.state().keySet()));
            assertArrayEquals(new int[] {2, 2}, adam.state().get("exp_avg_sq.w").shape());
        }
    }

    @Test
    void loadingConvertsTheDtype() {
        try (QuadraticProblem model = new QuadraticProblem(DType.F32); Optimizer sgd = new SGD(model.namedParameters(), 0.1, 0.5, false, 0)) {
            Map<String, Tensor> state = new LinkedHashMap<>();
            state.put("step", Tensors.full(4, DType.F64, Device.CPU));
            state.put("step.w", Tensors.full(4, DType.F64, Device.CPU));
            state.put("momentum_buffer.w", Tensors.of(new double[] {1, 2, 3, 4}, 2, 2));
            sgd.loadState(state);
            assertEquals(4, sgd.steps());
            Tensor buffer = sgd.state().get("momentum_buffer.w");
            assertEquals(DType.F32, buffer.dtype());
            assertArrayEquals(new float[] {1, 2, 3, 4}, buffer.toFloatArray());
        }
    }

    @Test
    void badStatesAreRejectedWithTheEntryNamedAndNothingChanged() {
        try (QuadraticProblem model = new QuadraticProblem(DType.F32); Optimizer adam = new Adam(model.namedParameters(), 0.1)) {
            model.backward(true);
            adam.step();
            Map<String, Tensor> good = adam.state();

            Map<String, Tensor> missing = new LinkedHashMap<>(good);
            missing.remove("exp_avg_sq.b");
            assertMessage(adam, missing, "'exp_avg_sq.b'");

            Map<String, Tensor> misShaped = new LinkedHashMap<>(good);
            misShaped.put("exp_avg.w", Tensors.zeros(4));
            assertMessage(adam, misShaped, "'exp_avg.w' has shape [4]");

            Map<String, Tensor> unexpected = new LinkedHashMap<>(good);
            unexpected.put("momentum_buffer.w", Tensors.zeros(2, 2));
            unexpected.put("exp_avg.nothing", Tensors.zeros(2, 2));
            assertMessage(adam, unexpected, "[momentum_buffer.w, exp_avg.nothing]");

            Map<String, Tensor> noStep = new LinkedHashMap<>(good);
            noStep.remove("step");
            assertMessage(adam, noStep, "'step'");

            Map<String, Tensor> orphan = new LinkedHashMap<>(good);
            orphan.remove("step.w");
            assertMessage(adam, orphan, "'step.w' is missing");

            Map<String, Tensor> fractional = new LinkedHashMap<>(good);
            fractional.put("step", Tensors.full(1.5, DType.F64, Device.CPU));
            assertMessage(adam, fractional, "'step' must hold one whole number");

            assertEquals(1, adam.steps(), "a rejected state changes nothing");
            assertEquals(1, adam.state().get("step.w").item());
        }
    }

    private static void assertMessage(Optimizer optimizer, Map<String, Tensor> state, String expected) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> optimizer.loadState(state));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("Adam state"), e.getMessage());
    }
}
