package dev.lathe.train.loss;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.autograd.GradMode;
import dev.lathe.engine.backend.CompareOp;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Reductions;
import java.util.Arrays;

/**
 * torch.nn.functional.binary_cross_entropy on probabilities, mean reduction. The value is
 * mean((t − 1)·max(log(1 − p), −100) − t·max(log p, −100)); the gradient is PyTorch's own formula,
 * (p − t)/max(p(1 − p), 1e-12)/N, which is not the derivative of the clamped logs (that one would be
 * 0/0 at p = 0 or 1). To get it from autograd, the value is computed without a graph and the
 * gradient G rides on Σ p·G − Σ p·G, which is exactly zero and has the gradient G.
 */
final class ProbabilityBinaryCrossEntropy implements Objective {

    private static final double LOG_FLOOR = -100;
    private static final double EPSILON = 1e-12;

    @Override
    public Tensor loss(Tensor probabilities, Tensor targets) {
        if (!Arrays.equals(probabilities.shape(), targets.shape())) {
            throw new IllegalArgumentException("binary_cross_entropy: input " + probabilities.describe() + " and target "
                    + targets.describe() + " differ in shape");
        }
        Tensor value;
        Tensor gradient;
        try (GradMode.Restore off = GradMode.noGrad()) {
            requireProbabilities(probabilities);
            Tensor one = Tensors.scalarLike(probabilities, 1);
            Tensor floor = Tensors.scalarLike(probabilities, LOG_FLOOR);
            Tensor logP = Elementwise.maximum(Elementwise.log(probabilities), floor);
            Tensor logNotP = Elementwise.maximum(Elementwise.log(one.sub(probabilities)), floor);
            value = Reductions.meanAll(targets.sub(one).mul(logNotP).sub(targets.mul(logP)));
            Tensor variance = Elementwise.maximum(one.sub(probabilities).mul(probabilities), Tensors.scalarLike(probabilities, EPSILON));
            gradient = Tensors.scalarLike(probabilities, 1.0 / probabilities.numel()).mul(probabilities.sub(targets)).div(variance);
        }
        Tensor carrier = Reductions.sumAll(probabilities.mul(gradient));
        return value.add(carrier.sub(carrier.detach()));
    }

    /** As PyTorch, refuse inputs outside [0, 1] (one host read) instead of returning a meaningless loss. */
    private static void requireProbabilities(Tensor p) {
        Tensor below = Elementwise.compare(CompareOp.LT, p, Tensors.scalarLike(p, 0));
        Tensor above = Elementwise.compare(CompareOp.GT, p, Tensors.scalarLike(p, 1));
        if (Reductions.sumAll(below.add(above)).item() > 0) {
            throw new IllegalArgumentException("binary_cross_entropy: every input must lie in [0, 1]; for logits use"
                    + " binary_cross_entropy_with_logits");
        }
    }
}
