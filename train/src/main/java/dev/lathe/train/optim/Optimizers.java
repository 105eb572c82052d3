package dev.lathe.train.optim;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.layers.Parameter;
import dev.lathe.layers.spec.OptimizerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the optimizer a training spec names; settings left out take PyTorch's defaults. */
public final class Optimizers {

    private Optimizers() {
    }

    /**
     * @param parameters the trainable parameters by state-dict name ({@code Module.namedParameters()})
     * @throws InvalidInputException for a setting the optimizer does not take or a value it rejects
     */
    public static Optimizer create(OptimizerSpec spec, Map<String, Parameter> parameters) {
        rejectForeignSettings(spec);
        double[] betas = spec.betas() == null ? new double[] {0.9, 0.999} : spec.betas();
        if (betas.length != 2) {
            throw new InvalidInputException("training.optimizer.betas: must be [beta1, beta2], got " + betas.length + " numbers");
        }
        double eps = or(spec.eps(), 1e-8);
        try {
            return switch (spec.type()) {
                case SGD -> new SGD(parameters, spec.lr(), or(spec.momentum(), 0), spec.nesterov() != null && spec.nesterov(),
                        or(spec.weightDecay(), 0));
                case ADAM -> new Adam(parameters, spec.lr(), betas[0], betas[1], eps, or(spec.weightDecay(), 0));
                case ADAMW -> new AdamW(parameters, spec.lr(), betas[0], betas[1], eps, or(spec.weightDecay(), 0.01));
                case RMSPROP -> new RMSprop(parameters, spec.lr(), or(spec.alpha(), 0.99), eps, or(spec.momentum(), 0),
                        or(spec.weightDecay(), 0));
            };
        } catch (InvalidInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("training.optimizer: " + e.getMessage(), e);
        }
    }

    /** A setting that the chosen optimizer ignores is most likely a mistake: say so rather than drop it. */
    private static void rejectForeignSettings(OptimizerSpec spec) {
        List<String> foreign = new ArrayList<>();
        boolean sgd = spec.type() == OptimizerSpec.Kind.SGD;
        boolean adam = spec.type() == OptimizerSpec.Kind.ADAM || spec.type() == OptimizerSpec.Kind.ADAMW;
        boolean rmsprop = spec.type() == OptimizerSpec.Kind.RMSPROP;
        foreignIf(foreign, "momentum", spec.momentum() != null && adam);
        foreignIf(foreign, "nesterov", spec.nesterov() != null && !sgd);
        foreignIf(foreign, "betas", spec.betas() != null && !adam);
        foreignIf(foreign, "eps", spec.eps() != null && sgd);
        foreignIf(foreign, "alpha", spec.alpha() != null && !rmsprop);
        if (!foreign.isEmpty()) {
            throw new InvalidInputException("training.optimizer: " + spec.type().name().toLowerCase() + " does not take " + String.join(", ", foreign));
        }
    }

    private static void foreignIf(List<String> foreign, String setting, boolean condition) {
        if (condition) {
            foreign.add(setting);
        }
    }

    private static double or(Double value, double fallback) {
        return value == null ? fallback : value;
    }
}
