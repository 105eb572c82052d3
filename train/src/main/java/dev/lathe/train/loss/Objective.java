package dev.lathe.train.loss;

import dev.lathe.engine.Tensor;

/** A training loss: a scalar, mean over the batch, with a gradient with respect to the outputs. */
@FunctionalInterface
public interface Objective {

    Tensor loss(Tensor outputs, Tensor targets);
}
