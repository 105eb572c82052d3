package dev.lathe.train.optim;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.ops.Elementwise;
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
        double lr = learningRate();
        Tensor base = value;
        if (weightDecay != 0 && decoupledWeightDecay) {
            base = value.mul(1 - lr * weightDecay);
        } else if (weightDecay != 0) {
            grad = grad.add(value.mul(weightDecay));
        }
        Tensor expAvg = lerp(state.get(EXP_AVG), grad, 1 - beta1);
        Tensor expAvgSq = state.get(EXP_AVG_SQ).mul(beta2).add(grad.mul(1 - beta2).mul(grad));
        state.set(EXP_AVG, expAvg);
        state.set(EXP_AVG_SQ, expAvgSq);
        long t = state.updates();
        double stepSize = lr / (1 - Math.pow(beta1, t));
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        Tensor denominator = Elementwise.sqrt(expAvgSq).div(Tensors.scalarLike(expAvgSq, biasCorrection2Sqrt)).add(eps);
        return base.add(expAvg.mul(-stepSize).div(denominator));
    }

    /** torch.lerp: start + w·(end − start) for |w| < 0.5, else end − (end − start)·(1 − w). */
    private static Tensor lerp(Tensor start, Tensor end, double weight) {
        Tensor difference = end.sub(start);
        return Math.abs(weight) < 0.5 ? start.add(difference.mul(weight)) : end.sub(difference.mul(1 - weight));
    }
}
