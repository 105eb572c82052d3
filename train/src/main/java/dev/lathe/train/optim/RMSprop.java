package dev.lathe.train.optim;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.layers.Parameter;
import java.util.List;
import java.util.Map;

/**
 * torch.optim.RMSprop, not centered: g += weight_decay·w; s = α·s + (1 − α)·g²; a = √s + eps;
 * with momentum, b = momentum·b + g/a and w −= lr·b, else w −= lr·g/a.
 */
public final class RMSprop extends ParameterOptimizer {

    static final String SQUARE_AVG = "square_avg";
    static final String MOMENTUM_BUFFER = "momentum_buffer";

    private final double alpha;
    private final double eps;
    private final double momentum;
    private final double weightDecay;

    public RMSprop(Map<String, Parameter> parameters, double lr, double alpha, double eps, double momentum, double weightDecay) {
        super("RMSprop", parameters, lr, momentum > 0 ? List.of(SQUARE_AVG, MOMENTUM_BUFFER) : List.of(SQUARE_AVG));
        requireAtLeastZero("alpha", alpha);
        requireAtLeastZero("eps", eps);
        requireAtLeastZero("momentum", momentum);
        requireAtLeastZero("weight_decay", weightDecay);
        this.alpha = alpha;
        this.eps = eps;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    /** RMSprop with torch's defaults: alpha 0.99, eps 1e-8, no momentum or weight decay. */
    public RMSprop(Map<String, Parameter> parameters, double lr) {
        this(parameters, lr, 0.99, 1e-8, 0, 0);
    }

    @Override
    Tensor update(Tensor value, Tensor grad, ParameterState state) {
        if (weightDecay != 0) {
            grad = grad.add(value.mul(weightDecay));
        }
        Tensor squareAvg = state.get(SQUARE_AVG).mul(alpha).add(grad.mul(1 - alpha).mul(grad));
        state.set(SQUARE_AVG, squareAvg);
        Tensor avg = Elementwise.sqrt(squareAvg).add(eps);
        if (momentum > 0) {
            Tensor buffer = state.get(MOMENTUM_BUFFER).mul(momentum).add(grad.div(avg));
            state.set(MOMENTUM_BUFFER, buffer);
            return value.add(buffer.mul(-learningRate()));
        }
        return value.add(grad.mul(-learningRate()).div(avg));
    }
}
