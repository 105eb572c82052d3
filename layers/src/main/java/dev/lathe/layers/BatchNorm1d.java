package dev.lathe.layers;

/** torch.nn.BatchNorm1d: normalises [N, C] over N, or [N, C, L] over N and L, per channel C. */
public final class BatchNorm1d extends BatchNorm {

    /** eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    public BatchNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats, "[N, C] or [N, C, L]", 1, 2);
    }
}
