package dev.lathe.train.loss;

import dev.lathe.engine.DType;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.functional.Activations;
import dev.lathe.engine.functional.Losses;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Indexing;
import dev.lathe.engine.ops.Reductions;

/**
 * torch.nn.functional.cross_entropy of logits [N, C] against I32 class indices [N], with class
 * weights, label smoothing and an ignored index, mean reduction. With weights w and smoothing ε:
 * (1 − ε)·Σ w_y·(−log p_y) / Σ w_y + (ε/C)·Σ_i Σ_c w_c·(−log p_ic) / Σ w_y, sums over the rows
 * not ignored — PyTorch divides the smoothing term by the same Σ w_y.
 */
final class ClassIndexCrossEntropy implements Objective {

    private final int classCount;
    private final double labelSmoothing;
    private final double[] classWeights;
    private final int ignoreIndex;

    /** {@code classWeights} may be null (all 1). */
    ClassIndexCrossEntropy(int classCount, double labelSmoothing, double[] classWeights, int ignoreIndex) {
        this.classCount = classCount;
        this.labelSmoothing = labelSmoothing;
        this.classWeights = classWeights == null ? null : classWeights.clone();
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public Tensor loss(Tensor logits, Tensor targets) {
        if (logits.dim() != 2 || logits.size(1) != classCount) {
            throw new IllegalArgumentException("cross_entropy needs logits [N, " + classCount + "], got " + logits.describe());
        }
        if (targets.dtype() != DType.I32 || targets.dim() != 1 || targets.size(0) != logits.size(0)) {
            throw new IllegalArgumentException("cross_entropy needs I32 class indices [" + logits.size(0) + "], got " + targets.describe());
        }
        if (labelSmoothing == 0 && classWeights == null) {
            return Losses.crossEntropy(logits, targets, ignoreIndex);
        }
        int[] labels = targets.toIntArray();
        int rows = labels.length;
        int[] safeLabels = new int[rows];
        double[] kept = new double[rows];
        double[] rowWeights = new double[rows];
        double weightTotal = 0;
        for (int i = 0; i < rows; i++) {
            if (labels[i] == ignoreIndex) {
                continue;
            }
            if (labels[i] < 0 || labels[i] >= classCount) {
                throw new InvalidInputException("cross_entropy: label " + labels[i] + " is out of range for " + classCount + " classes");
            }
            safeLabels[i] = labels[i];
            kept[i] = 1;
            rowWeights[i] = weight(labels[i]);
            weightTotal += rowWeights[i];
        }
        // PyTorch gives NaN when nothing counts (0 / 0); so does this
        Tensor denominator = Tensors.scalarLike(logits, weightTotal);
        Tensor logProbabilities = Activations.logSoftmax(logits, 1);
        Tensor picked = Indexing.gather(logProbabilities, 1, Tensors.of(safeLabels, rows, 1).to(logits.device()));
        Tensor nll = Elementwise.div(Elementwise.neg(Reductions.sumAll(picked.mul(column(logits, rowWeights)))), denominator);
        if (labelSmoothing == 0) {
            return nll;
        }
        Tensor weighted = classWeights == null ? logProbabilities
                : logProbabilities.mul(Tensors.of(classWeights, 1, classCount).to(logits.dtype()).to(logits.device()));
        Tensor smooth = Elementwise.div(Elementwise.neg(Reductions.sumAll(weighted.mul(column(logits, kept)))), denominator);
        return nll.mul(1 - labelSmoothing).add(smooth.mul(labelSmoothing / classCount));
    }

    private double weight(int label) {
        return classWeights == null ? 1 : classWeights[label];
    }

    /** Per-row factors as a column [N, 1] in the logits' dtype and device. */
    private static Tensor column(Tensor like, double[] values) {
        return Tensors.of(values, values.length, 1).to(like.dtype()).to(like.device());
    }
}
