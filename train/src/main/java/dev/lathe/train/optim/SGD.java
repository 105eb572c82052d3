package dev.lathe.train.optim;

import dev.lathe.engine.Tensor;
import dev.lathe.layers.Parameter;
import java.util.List;
import java.util.Map;

/**
 * torch.optim.SGD with dampening 0: d = g + weight_decay·w; with momentum, b = momentum·b + d
 * (b = d at the first update, which the zero buffer gives exactly) and d = b, or d + momentum·b
 * with Nesterov; then w = w − lr·d.
 */
public final class SGD extends ParameterOptimizer {

    static final String MOMENTUM_BUFFER = "momentum_buffer";

    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;

    public SGD(Map<String, Parameter> parameters, double lr, double momentum, boolean nesterov, double weightDecay) {
        super("SGD", parameters, lr, momentum != 0 ? List.of(MOMENTUM_BUFFER) : List.of());
        requireAtLeastZero("momentum", momentum);
        requireAtLeastZero("weight_decay", weightDecay);
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("SGD: Nesterov momentum needs a momentum > 0");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    /** Plain gradient descent. */
    public SGD(Map<String, Parameter> parameters, double lr) {
        this(parameters, lr, 0, false, 0);
    }

    @Override
    Tensor update(Tensor value, Tensor grad, ParameterState state) {
        Tensor d = weightDecay != 0 ? grad.add(value.mul(weightDecay)) : grad;
        if (momentum != 0) {
            Tensor buffer = state.get(MOMENTUM_BUFFER).mul(momentum).add(d);
            state.set(MOMENTUM_BUFFER, buffer);
            d = nesterov ? d.add(buffer.mul(momentum)) : buffer;
        }
        return value.add(d.mul(-learningRate()));
    }
}
