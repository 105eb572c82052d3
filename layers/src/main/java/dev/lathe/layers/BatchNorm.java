package dev.lathe.layers;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.autograd.GradMode;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Reductions;
import java.util.Arrays;

/**
 * Batch normalisation over channel axis 1, shared by {@link BatchNorm1d} and {@link BatchNorm2d},
 * which differ only in the input ranks they accept (every axis but the channel one is reduced).
 * As torch.nn.BatchNorm*: {@code weight} (ones) and {@code bias} (zeros) when affine; buffers
 * {@code running_mean} (zeros), {@code running_var} (ones) and {@code num_batches_tracked} when
 * tracking running statistics (I32 of rank 0 where PyTorch has int64). Training normalises with the
 * biased batch variance and moves the running statistics towards the batch's by {@code momentum},
 * the variance unbiased (n / (n − 1)); evaluation normalises with the running statistics.
 */
public abstract class BatchNorm extends Layer {

    private final int numFeatures;
    private final double eps;
    private final double momentum;
    private final String layout;
    private final int[] sampleRanks;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private final Parameter numBatchesTracked;

    /**
     * {@code layout} names the accepted batched inputs for error messages (e.g. "[N, C, H, W]");
     * {@code sampleRanks} are the accepted ranks of one sample (without the batch dimension).
     */
    BatchNorm(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats, String layout, int... sampleRanks) {
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.layout = layout;
        this.sampleRanks = sampleRanks.clone();
        if (numFeatures < 1 || !(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(describe() + ": needs positive num_features and eps, and momentum in [0, 1]; got eps "
                    + eps + ", momentum " + momentum);
        }
        this.weight = affine ? addParameter("weight", Tensors.ones(numFeatures)) : null;
        this.bias = affine ? addParameter("bias", Tensors.zeros(numFeatures)) : null;
        this.runningMean = trackRunningStats ? addBuffer("running_mean", Tensors.zeros(numFeatures)) : null;
        this.runningVar = trackRunningStats ? addBuffer("running_var", Tensors.ones(numFeatures)) : null;
        this.numBatchesTracked = trackRunningStats ? addBuffer("num_batches_tracked", Tensors.zeros(DType.I32, Device.CPU)) : null;
    }

    /** The scale, or null when not affine. */
    public Parameter weight() {
        return weight;
    }

    /** The shift, or null when not affine. */
    public Parameter bias() {
        return bias;
    }

    /** The running mean, or null when running statistics are not tracked. */
    public Parameter runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance, or null when running statistics are not tracked. */
    public Parameter runningVar() {
        return runningVar;
    }

    /** How many training batches updated the running statistics, or null when they are not tracked. */
    public Parameter numBatchesTracked() {
        return numBatchesTracked;
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] shape = input.shape();
        outputShape(Arrays.copyOfRange(shape, 1, shape.length));
        int rank = shape.length;
        int[] axes = new int[rank - 1];
        int[] channelShape = new int[rank];
        Arrays.fill(channelShape, 1);
        channelShape[1] = numFeatures;
        for (int d = 0, a = 0; d < rank; d++) {
            if (d != 1) {
                axes[a++] = d;
            }
        }
        Tensor centered;
        Tensor variance;
        if (isTraining() || runningMean == null) {
            int perChannel = input.numel() / numFeatures;
            if (isTraining() && perChannel < 2) {
                throw new IllegalArgumentException(describe() + " needs more than one value per channel when training, got input "
                        + input.describe());
            }
            Tensor mean = Reductions.mean(input, axes, true);
            centered = Elementwise.sub(input, mean);
            variance = Reductions.mean(Elementwise.mul(centered, centered), axes, true);
            if (isTraining() && runningMean != null) {
                updateRunningStats(mean, variance, perChannel);
            }
        } else {
            centered = Elementwise.sub(input, runningMean.value().reshape(channelShape));
            variance = runningVar.value().reshape(channelShape);
        }
        Tensor normalized = Elementwise.div(centered, Elementwise.sqrt(Elementwise.add(variance, Tensors.scalarLike(input, eps))));
        if (weight == null) {
            return normalized;
        }
        return Elementwise.add(Elementwise.mul(normalized, weight.value().reshape(channelShape)), bias.value().reshape(channelShape));
    }

    private void updateRunningStats(Tensor mean, Tensor biasedVariance, int perChannel) {
        try (MemoryScope scratch = MemoryScope.open(); GradMode.Restore off = GradMode.noGrad()) {
            moveTowards(runningMean.value(), mean.reshape(numFeatures));
            Tensor unbiased = Elementwise.mul(biasedVariance.reshape(numFeatures), Tensors.scalarLike(biasedVariance, perChannel / (perChannel - 1.0)));
            moveTowards(runningVar.value(), unbiased);
            Tensor count = numBatchesTracked.value();
            count.backend().copy(Elementwise.add(count, Tensors.scalarLike(count, 1)), count);
        }
    }

    /** running ← (1 − momentum) · running + momentum · batch, in place. */
    private void moveTowards(Tensor running, Tensor batch) {
        Tensor blended = Elementwise.add(Elementwise.mul(running, Tensors.scalarLike(running, 1 - momentum)),
                Elementwise.mul(batch, Tensors.scalarLike(batch, momentum)));
        running.backend().copy(blended, running);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        boolean rankFits = Arrays.stream(sampleRanks).anyMatch(r -> r == inputShape.length);
        if (!rankFits || inputShape[0] != numFeatures) {
            throw new IllegalArgumentException(describe() + " needs input " + layout + " with C = " + numFeatures
                    + ", got [N, " + Shapes.format(inputShape) + "]");
        }
        return inputShape.clone();
    }

    @Override
    public String describe() {
        return getClass().getSimpleName() + "(" + numFeatures + ")";
    }
}
