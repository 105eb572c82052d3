package dev.lathe.layers;

/** torch.nn.BatchNorm2d: normalises [N, C, H, W] over N, H and W, per channel C. */
public final class BatchNorm2d extends BatchNorm {

    /** eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    public BatchNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats, "[N, C, H, W]", 3);
    }
}
