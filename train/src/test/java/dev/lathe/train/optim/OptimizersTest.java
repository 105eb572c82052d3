package dev.lathe.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.layers.spec.OptimizerSpec;
import dev.lathe.layers.spec.OptimizerSpec.Kind;
import org.junit.jupiter.api.Test;

/** The spec → optimizer mapping: types, PyTorch's defaults for left-out settings, and settings that do not apply. */
class OptimizersTest {

    private static OptimizerSpec spec(Kind kind, Double momentum, Boolean nesterov, Double weightDecay, double[] betas, Double eps, Double alpha) {
        return new OptimizerSpec(kind, 0.1, momentum, nesterov, weightDecay, betas, eps, alpha);
    }

    /** The first update of x0 = START[0] (gradient g) under a spec. */
    private static double firstUpdate(OptimizerSpec spec) {
        try (QuadraticProblem model = new QuadraticProblem(DType.F64); Optimizer optimizer = Optimizers.create(spec, model.namedParameters())) {
            assertEquals(0.1, optimizer.learningRate());
            model.backward(true);
            optimizer.step();
            return model.values()[0];
        }
    }

    @Test
    void eachTypeWithItsDefaults() {
        double x = QuadraticProblem.START[0];
        double g = QuadraticProblem.gradient(x, 0);
        assertEquals(x - 0.1 * g, firstUpdate(spec(Kind.SGD, null, null, null, null, null, null)), 1e-15);
        // Adam's first step moves each weight by lr·sign(g) (up to eps)
        assertEquals(x - 0.1 * Math.signum(g), firstUpdate(spec(Kind.ADAM, null, null, null, null, null, null)), 1e-8);
        // AdamW's default weight decay 0.01 shrinks first
        assertEquals(x * (1 - 0.1 * 0.01) - 0.1 * Math.signum(g), firstUpdate(spec(Kind.ADAMW, null, null, null, null, null, null)), 1e-8);
        // RMSprop: s = 0.01·g², so the step is lr·g/(0.1·|g|) = lr·10·sign(g)
        assertEquals(x - 0.1 * 10 * Math.signum(g), firstUpdate(spec(Kind.RMSPROP, null, null, null, null, null, null)), 1e-6);
    }

    @Test
    void settingsAreHandedOver() {
        double x = QuadraticProblem.START[0];
        double g = QuadraticProblem.gradient(x, 0);
        double d = g + 0.5 * x;
        assertEquals(x - 0.1 * (d + 0.9 * d), firstUpdate(spec(Kind.SGD, 0.9, true, 0.5, null, null, null)), 1e-15);
        // alpha 0.5: s = 0.5·g², step lr·g/(√0.5·|g| + eps)
        assertEquals(x - 0.1 * Math.signum(g) / Math.sqrt(0.5), firstUpdate(spec(Kind.RMSPROP, null, null, null, null, 0.0, 0.5)), 1e-14);
        // a huge eps makes Adam's step lr·m̂/eps = lr·g/eps
        assertEquals(x - 0.1 * g / 1e3, firstUpdate(spec(Kind.ADAM, null, null, null, new double[] {0.5, 0.5}, 1e3, null)), 1e-6);
        try (QuadraticProblem model = new QuadraticProblem(DType.F64)) {
            assertInstanceOf(AdamW.class, Optimizers.create(spec(Kind.ADAMW, null, null, 0.0, null, null, null), model.namedParameters()));
            assertInstanceOf(RMSprop.class, Optimizers.create(spec(Kind.RMSPROP, 0.5, null, null, null, null, null), model.namedParameters()));
        }
    }

    @Test
    void settingsTheOptimizerDoesNotTakeAreErrors() {
        try (QuadraticProblem model = new QuadraticProblem(DType.F64)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> Optimizers.create(spec(Kind.ADAM, 0.9, null, null, null, null, 0.9), model.namedParameters()));
            assertEquals("training.optimizer: adam does not take momentum, alpha", e.getMessage());
            e = assertThrows(InvalidInputException.class,
                    () -> Optimizers.create(spec(Kind.SGD, null, null, null, new double[] {0.9, 0.99}, 1e-8, null), model.namedParameters()));
            assertEquals("training.optimizer: sgd does not take betas, eps", e.getMessage());
            e = assertThrows(InvalidInputException.class,
                    () -> Optimizers.create(spec(Kind.RMSPROP, null, true, null, null, null, null), model.namedParameters()));
            assertTrue(e.getMessage().contains("nesterov"), e.getMessage());
            e = assertThrows(InvalidInputException.class,
                    () -> Optimizers.create(spec(Kind.SGD, null, true, null, null, null, null), model.namedParameters()));
            assertTrue(e.getMessage().startsWith("training.optimizer: SGD: Nesterov momentum needs a momentum > 0"), e.getMessage());
            e = assertThrows(InvalidInputException.class,
                    () -> Optimizers.create(spec(Kind.ADAM, null, null, null, new double[] {0.9}, null, null), model.namedParameters()));
            assertTrue(e.getMessage().contains("betas"), e.getMessage());
        }
    }
}
