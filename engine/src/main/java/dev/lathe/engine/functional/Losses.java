package dev.lathe.engine.functional;

import dev.lathe.engine.DType;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.backend.CompareOp;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Indexing;
import dev.lathe.engine.ops.Reductions;
import java.util.Arrays;

/** Loss functions with PyTorch's definitions and mean reduction, composed from primitives. */
public final class Losses {

    /** The default ignore index, as torch.nn.CrossEntropyLoss. */
    public static final int NO_IGNORE = Integer.MIN_VALUE;

    private Losses() {
    }

    /** Mean squared error. */
    public static Tensor mse(Tensor prediction, Tensor target) {
        requireSameShape("mse", prediction, target);
        Tensor diff = Elementwise.sub(prediction, target);
        return Reductions.meanAll(Elementwise.mul(diff, diff));
    }

    /**
     * Binary cross-entropy on logits, mean over elements, in the stable form
     * max(x, 0) - x t + log(1 + exp(-|x|)).
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        requireSameShape("binary_cross_entropy_with_logits", logits, target);
        Tensor softplus = Elementwise.log(Elementwise.add(Tensors.scalarLike(logits, 1),
                Elementwise.exp(Elementwise.neg(Elementwise.abs(logits)))));
        Tensor perElement = Elementwise.add(Elementwise.sub(Elementwise.relu(logits), Elementwise.mul(logits, target)), softplus);
        return Reductions.meanAll(perElement);
    }

    /** Cross-entropy of logits [N, C] (or [N, C, d...]) against class indices [N] (or [N, d...]), mean over all targets. */
    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        return crossEntropy(logits, target, NO_IGNORE);
    }

    /**
     * Cross-entropy against I32 class indices; targets equal to {@code ignoreIndex} add nothing and
     * are left out of the mean, as in torch.nn.functional.cross_entropy.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, int ignoreIndex) {
        if (target.dtype() != DType.I32) {
            throw new IllegalArgumentException("cross_entropy with class indices needs I32 targets, got " + target.describe()
                    + "; use crossEntropyWithProbabilities for soft targets");
        }
        Tensor rows = classesLast(logits);
        int classes = rows.size(1);
        int[] expected = targetShape(logits);
        if (!Arrays.equals(target.shape(), expected)) {
            throw new IllegalArgumentException("cross_entropy: logits " + logits.describe() + " need targets ["
                    + Shapes.format(expected) + "], got " + target.describe());
        }
        Tensor flatTarget = target.reshape(-1, 1);
        int[] labels = flatTarget.toIntArray();
        int[] safe = new int[labels.length];
        double[] keep = new double[labels.length];
        int kept = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == ignoreIndex) {
                continue;
            }
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("cross_entropy: target " + labels[i] + " is out of range for " + classes + " classes");
            }
            safe[i] = labels[i];
            keep[i] = 1;
            kept++;
        }
        Tensor logProbabilities = Activations.logSoftmax(rows, 1);
        Tensor picked = Indexing.gather(logProbabilities, 1, Tensors.of(safe, labels.length, 1).to(logits.device()));
        Tensor mask = Tensors.of(keep, labels.length, 1).to(logits.dtype()).to(logits.device());
        Tensor total = Reductions.sumAll(Elementwise.mul(picked, mask));
        // PyTorch gives NaN when every target is ignored (0 / 0); keep that behaviour
        return Elementwise.div(Elementwise.neg(total), Tensors.scalarLike(total, kept));
    }

    /** Cross-entropy against class probabilities of the logits' shape: -mean over rows of sum(p * log_softmax). */
    public static Tensor crossEntropyWithProbabilities(Tensor logits, Tensor probabilities) {
        requireSameShape("cross_entropy", logits, probabilities);
        Tensor rows = classesLast(logits);
        Tensor p = classesLast(probabilities);
        Tensor perRow = Reductions.sum(Elementwise.mul(p, Activations.logSoftmax(rows, 1)), 1, false);
        return Elementwise.neg(Reductions.meanAll(perRow));
    }

    /** Logits [N, C, d...] as rows [N*d..., C] (the class axis is dimension 1, as in PyTorch). */
    private static Tensor classesLast(Tensor logits) {
        if (logits.dim() < 2) {
            throw new IllegalArgumentException("cross_entropy needs logits [N, C, ...], got " + logits.describe());
        }
        if (logits.dim() == 2) {
            return logits;
        }
        int rank = logits.dim();
        int[] order = new int[rank];
        order[0] = 0;
        for (int d = 1; d < rank - 1; d++) {
            order[d] = d + 1;
        }
        order[rank - 1] = 1;
        return logits.permute(order).reshape(-1, logits.size(1));
    }

    private static int[] targetShape(Tensor logits) {
        int[] shape = logits.shape();
        int[] out = new int[shape.length - 1];
        out[0] = shape[0];
        System.arraycopy(shape, 2, out, 1, shape.length - 2);
        return out;
    }

    private static void requireSameShape(String op, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": input " + a.describe() + " and target " + b.describe() + " differ in shape");
        }
    }

    /** Fraction of rows whose arg-max equals the I32 label; not differentiable. */
    public static double accuracy(Tensor logits, Tensor labels) {
        try (Tensor predicted = Reductions.argmax(logits, 1, false);
             Tensor hits = Elementwise.compare(CompareOp.EQ, predicted, labels)) {
            int[] h = hits.toIntArray();
            int sum = 0;
            for (int v : h) {
                sum += v;
            }
            return h.length == 0 ? 0 : (double) sum / h.length;
        }
    }
}
