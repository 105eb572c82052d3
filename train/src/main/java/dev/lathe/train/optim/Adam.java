package dev.lathe.train.optim;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.AdamStep;
import dev.lathe.engine.ops.FusedUpdates;
import dev.lathe.layers.Parameter;
import java.util.List;
import java.util.Map;

/**
 * torch.optim.Adam (amsgrad off): g += weight_decay·w; m = lerp(m, g, 1 − β1);
 * v = β2·v + (1 − β2)·g²; w −= lr/(1 − β1^t) · m / (√v / √(1 − β2^t) + eps), with t the
 * parameter's own update count. {@link AdamW} decays the weight instead of the gradient.
 */
public class Adam extends ParameterOptimizer {

    static final String EXP_AVG = "exp_avg";
    static final String EXP_AVG_SQ = "exp_avg_sq";

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupledWeightDecay;

    public Adam(Map<String, Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this("Adam", parameters, lr, beta1, beta2, eps, weightDecay, false);
    }

    /** Adam with torch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(Map<String, Parameter> parameters, double lr) {
        this(parameters, lr, 0.9, 0.999, 1e-8, 0);
    }

    Adam(String kind, Map<String, Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay,
         boolean decoupledWeightDecay) {
        super(kind, parameters, lr, List.of(EXP_AVG, EXP_AVG_SQ));
        requireBeta("beta1", beta1);
        requireBeta("beta2", beta2);
        requireAtLeastZero("eps", eps);
        requireAtLeastZero("weight_decay", weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupledWeightDecay = decoupledWeightDecay;
    }

    private void requireBeta(String name, double beta) {
        requireAtLeastZero(name, beta);
        if (beta >= 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + name + " must lie in [0, 1), got " + beta);
        }
    }

    @Override
    final Tensor update(Tensor value, Tensor grad, ParameterState state) {
        AdamStep step = new AdamStep(learningRate(), beta1, beta2, eps, weightDecay, decoupledWeightDecay, state.updates());
        FusedUpdates.adam(value, grad, state.get(EXP_AVG), state.get(EXP_AVG_SQ), step);
        return value;
    }
}
