package dev.lathe.train.optim;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.layers.spec.ScheduleSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The schedules a training spec names, as closed forms of the PyTorch and Hugging Face ones:
 * <ul>
 *   <li>step: lr·γ^⌊epoch / step_size⌋ (StepLR stepped once per epoch; γ defaults to 0.1, step_size is required)
 *   <li>exponential: lr·γ^epoch (ExponentialLR stepped once per epoch; γ is required, as in PyTorch)
 *   <li>cosine: min_lr + (lr − min_lr)·(1 + cos(π·step / total))/2, per step (CosineAnnealingLR with
 *       T_max = all steps; min_lr defaults to 0)
 *   <li>warmup_linear: get_linear_schedule_with_warmup — lr·step/warmup, then
 *       lr·max(0, (total − step)/(total − warmup))
 *   <li>warmup_cosine: get_cosine_schedule_with_warmup with half a cycle — the same warm-up, then
 *       lr·max(0, (1 + cos(π·progress))/2) with progress = (step − warmup)/(total − warmup)
 * </ul>
 * Warm-up lasts warmup_steps, or ⌈warmup_fraction·total⌉ steps (as the Hugging Face Trainer rounds
 * warmup_ratio), 10% of all steps when neither is given. Here epoch = ⌊step / stepsPerEpoch⌋.
 */
public final class LearningRateSchedules {

    private static final String PATH = "training.schedule";

    private LearningRateSchedules() {
    }

    /** A null spec is a constant learning rate. */
    public static LearningRateSchedule create(ScheduleSpec spec, double baseLr, int stepsPerEpoch, long totalSteps) {
        if (stepsPerEpoch < 1 || totalSteps < 1) {
            throw new IllegalArgumentException("a learning-rate schedule needs at least one step per epoch and in all, got "
                    + stepsPerEpoch + " per epoch and " + totalSteps + " in all");
        }
        if (spec == null) {
            return step -> baseLr;
        }
        rejectForeignSettings(spec);
        return switch (spec.type()) {
            case STEP -> {
                int stepSize = required(spec.stepSize(), "step_size", spec);
                double gamma = spec.gamma() == null ? 0.1 : spec.gamma();
                yield step -> baseLr * Math.pow(gamma, Math.floorDiv(step / stepsPerEpoch, stepSize));
            }
            case EXPONENTIAL -> {
                double gamma = required(spec.gamma(), "gamma", spec);
                yield step -> baseLr * Math.pow(gamma, step / stepsPerEpoch);
            }
            case COSINE -> {
                double minLr = spec.minLr() == null ? 0 : spec.minLr();
                yield step -> minLr + (baseLr - minLr) * (1 + Math.cos(Math.PI * step / totalSteps)) / 2;
            }
            case WARMUP_LINEAR -> {
                long warmup = warmupSteps(spec, totalSteps);
                yield step -> baseLr * (step < warmup ? warmupFactor(step, warmup)
                        : Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmup)));
            }
            case WARMUP_COSINE -> {
                long warmup = warmupSteps(spec, totalSteps);
                yield step -> {
                    if (step < warmup) {
                        return baseLr * warmupFactor(step, warmup);
                    }
                    double progress = (double) (step - warmup) / Math.max(1, totalSteps - warmup);
                    // Hugging Face's cos(π·num_cycles·2·progress) with num_cycles = 0.5
                    return baseLr * Math.max(0.0, 0.5 * (1 + Math.cos(Math.PI * progress)));
                };
            }
        };
    }

    private static double warmupFactor(long step, long warmup) {
        return (double) step / Math.max(1, warmup);
    }

    private static long warmupSteps(ScheduleSpec spec, long totalSteps) {
        if (spec.warmupSteps() != null && spec.warmupFraction() != null) {
            throw new InvalidInputException(PATH + ": give warmup_steps or warmup_fraction, not both");
        }
        if (spec.warmupSteps() != null) {
            if (spec.warmupSteps() < 0) {
                throw new InvalidInputException(PATH + ".warmup_steps: must be >= 0, got " + spec.warmupSteps());
            }
            return spec.warmupSteps();
        }
        double fraction = spec.warmupFraction() == null ? 0.1 : spec.warmupFraction();
        return (long) Math.ceil(fraction * totalSteps);
    }

    private static <T> T required(T value, String setting, ScheduleSpec spec) {
        if (value == null) {
            throw new InvalidInputException(PATH + ": the " + name(spec) + " schedule needs " + setting);
        }
        return value;
    }

    /** A setting that the chosen schedule ignores is most likely a mistake: say so rather than drop it. */
    private static void rejectForeignSettings(ScheduleSpec spec) {
        ScheduleSpec.Kind type = spec.type();
        boolean warmup = type == ScheduleSpec.Kind.WARMUP_LINEAR || type == ScheduleSpec.Kind.WARMUP_COSINE;
        List<String> foreign = new ArrayList<>();
        if (spec.stepSize() != null && type != ScheduleSpec.Kind.STEP) {
            foreign.add("step_size");
        }
        if (spec.gamma() != null && type != ScheduleSpec.Kind.STEP && type != ScheduleSpec.Kind.EXPONENTIAL) {
            foreign.add("gamma");
        }
        if (spec.minLr() != null && type != ScheduleSpec.Kind.COSINE) {
            foreign.add("min_lr");
        }
        if (spec.warmupSteps() != null && !warmup) {
            foreign.add("warmup_steps");
        }
        if (spec.warmupFraction() != null && !warmup) {
            foreign.add("warmup_fraction");
        }
        if (!foreign.isEmpty()) {
            throw new InvalidInputException(PATH + ": the " + name(spec) + " schedule does not take " + String.join(", ", foreign));
        }
    }

    private static String name(ScheduleSpec spec) {
        return spec.type().name().toLowerCase();
    }
}
