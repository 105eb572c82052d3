package dev.lathe.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.layers.spec.ScheduleSpec;
import dev.lathe.layers.spec.ScheduleSpec.Kind;
import org.junit.jupiter.api.Test;

/** Each schedule at chosen steps against values worked out by hand. */
class LearningRateSchedulesTest {

    private static final double TOLERANCE = 1e-12;

    private static ScheduleSpec spec(Kind kind, Integer stepSize, Double gamma, Integer warmupSteps, Double warmupFraction, Double minLr) {
        return new ScheduleSpec(kind, stepSize, gamma, warmupSteps, warmupFraction, minLr);
    }

    private static void assertAt(LearningRateSchedule schedule, long step, double expected) {
        assertEquals(expected, schedule.at(step), TOLERANCE, "at step " + step);
    }

    @Test
    void noScheduleIsConstant() {
        LearningRateSchedule constant = LearningRateSchedules.create(null, 0.3, 10, 100);
        assertAt(constant, 0, 0.3);
        assertAt(constant, 99, 0.3);
    }

    @Test
    void stepDecaysEveryStepSizeEpochs() {
        // 10 steps per epoch, ×0.5 every 2 epochs = every 20 steps
        LearningRateSchedule s = LearningRateSchedules.create(spec(Kind.STEP, 2, 0.5, null, null, null), 0.1, 10, 100);
        assertAt(s, 0, 0.1);
        assertAt(s, 19, 0.1);
        assertAt(s, 20, 0.05);
        assertAt(s, 39, 0.05);
        assertAt(s, 40, 0.025);
        // gamma defaults to 0.1, as StepLR
        LearningRateSchedule defaults = LearningRateSchedules.create(spec(Kind.STEP, 1, null, null, null, null), 1.0, 3, 100);
        assertAt(defaults, 2, 1.0);
        assertAt(defaults, 3, 0.1);
        assertAt(defaults, 7, 0.01);
        assertThrows(InvalidInputException.class, () -> LearningRateSchedules.create(spec(Kind.STEP, null, 0.5, null, null, null), 0.1, 10, 100));
    }

    @Test
    void exponentialDecaysEachEpoch() {
        LearningRateSchedule s = LearningRateSchedules.create(spec(Kind.EXPONENTIAL, null, 0.9, null, null, null), 0.1, 5, 100);
        assertAt(s, 4, 0.1);
        assertAt(s, 5, 0.09);
        assertAt(s, 12, 0.081);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LearningRateSchedules.create(spec(Kind.EXPONENTIAL, null, null, null, null, null), 0.1, 5, 100));
        assertEquals("training.schedule: the exponential schedule needs gamma", e.getMessage());
    }

    @Test
    void cosineAnnealsToTheMinimumOverAllSteps() {
        LearningRateSchedule s = LearningRateSchedules.create(spec(Kind.COSINE, null, null, null, null, 0.01), 0.1, 7, 100);
        assertAt(s, 0, 0.1);
        assertAt(s, 25, 0.01 + 0.09 * (1 + Math.sqrt(0.5)) / 2);
        assertAt(s, 50, 0.055);
        assertAt(s, 100, 0.01);
        LearningRateSchedule toZero = LearningRateSchedules.create(spec(Kind.COSINE, null, null, null, null, null), 2.0, 7, 10);
        assertAt(toZero, 5, 1.0);
    }

    @Test
    void warmupLinearIsHuggingFacesLinearScheduleWithWarmup() {
        LearningRateSchedule s = LearningRateSchedules.create(spec(Kind.WARMUP_LINEAR, null, null, 10, null, null), 2.0, 7, 100);
        assertAt(s, 0, 0);
        assertAt(s, 5, 1.0);
        assertAt(s, 10, 2.0);
        assertAt(s, 55, 1.0);
        assertAt(s, 91, 0.2);
        assertAt(s, 100, 0);
        assertAt(s, 120, 0);
        // warmup_fraction 0.05 of 90 steps: ⌈4.5⌉ = 5 steps
        LearningRateSchedule fraction = LearningRateSchedules.create(spec(Kind.WARMUP_LINEAR, null, null, null, 0.05, null), 1.0, 7, 90);
        assertAt(fraction, 4, 0.8);
        assertAt(fraction, 5, 1.0);
        // neither: 10% of the steps
        LearningRateSchedule defaults = LearningRateSchedules.create(spec(Kind.WARMUP_LINEAR, null, null, null, null, null), 1.0, 7, 200);
        assertAt(defaults, 10, 0.5);
        assertAt(defaults, 20, 1.0);
        assertAt(defaults, 110, 0.5);
        // no warm-up: decay from the first step
        LearningRateSchedule none = LearningRateSchedules.create(spec(Kind.WARMUP_LINEAR, null, null, 0, null, null), 1.0, 7, 4);
        assertAt(none, 0, 1.0);
        assertAt(none, 1, 0.75);
    }

    @Test
    void warmupCosineIsHuggingFacesCosineScheduleWithWarmup() {
        LearningRateSchedule s = LearningRateSchedules.create(spec(Kind.WARMUP_COSINE, null, null, 10, null, null), 1.0, 7, 110);
        assertAt(s, 0, 0);
        assertAt(s, 4, 0.4);
        assertAt(s, 10, 1.0);
        assertAt(s, 35, (1 + Math.sqrt(0.5)) / 2);
        assertAt(s, 60, 0.5);
        assertAt(s, 110, 0);
    }

    @Test
    void settingsTheScheduleDoesNotTakeAreErrors() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LearningRateSchedules.create(spec(Kind.COSINE, 3, 0.5, 10, null, null), 0.1, 10, 100));
        assertEquals("training.schedule: the cosine schedule does not take step_size, gamma, warmup_steps", e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> LearningRateSchedules.create(spec(Kind.WARMUP_COSINE, null, null, 10, 0.1, null), 0.1, 10, 100));
        assertEquals("training.schedule: give warmup_steps or warmup_fraction, not both", e.getMessage());
        assertThrows(InvalidInputException.class, () -> LearningRateSchedules.create(spec(Kind.STEP, 2, null, null, null, 0.0), 0.1, 10, 100));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedules.create(null, 0.1, 0, 100));
    }
}
