package dev.lathe.train.optim;

import dev.lathe.engine.Tensor;
import java.util.Map;

/**
 * Updates a model's parameters from their gradients, as the torch.optim optimizer of the same name.
 * The parameters are written in place, so the module sees the new values without re-registration.
 */
public interface Optimizer extends AutoCloseable {

    /** One update of every parameter that has a gradient; parameters without one are left alone, as in PyTorch. */
    void step();

    /** Drops every parameter's gradient. */
    void zeroGrad();

    double learningRate();

    /** The learning rate of the next {@link #step()} (a schedule sets it before each step). */
    void setLearningRate(double lr);

    /** Number of {@link #step()} calls so far. */
    long steps();

    /**
     * Everything needed to continue exactly: {@code "step"} (a one-element F64 tensor), and for each
     * parameter updated so far {@code "step.<name>"} (its own update count, which Adam's bias
     * correction uses) and its buffers as {@code "<buffer>.<name>"} (e.g. {@code exp_avg.0.weight}).
     * The tensors are new copies that the caller owns. The learning rate is not part of it: the
     * schedule sets it.
     */
    Map<String, Tensor> state();

    /**
     * Restores a {@link #state()}, copying the values (converted to each parameter's dtype and
     * device). A missing, unexpected or mis-shaped entry is an
     * {@link dev.lathe.engine.InvalidInputException}; nothing changes unless every entry fits.
     */
    void loadState(Map<String, Tensor> state);

    /** Frees the optimizer's buffers. */
    @Override
    void close();
}
