package dev.lathe.engine.backend;

/**
 * The settings of one torch.optim.Adam / AdamW update of a parameter whose own update count is
 * {@code step} (from 1). With {@code decoupledWeightDecay} the weight shrinks by lr·weight_decay
 * (AdamW); otherwise weight_decay·w joins the gradient (Adam).
 */
public record AdamStep(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupledWeightDecay,
                       long step) {

    public AdamStep {
        if (step < 1) {
            throw new IllegalArgumentException("Adam's update count starts at 1, got " + step);
        }
    }

    /** lr / (1 − β1^t): the step on the bias-corrected first moment. */
    public double stepSize() {
        return lr / (1 - Math.pow(beta1, step));
    }

    /** √(1 − β2^t): divides √v to correct the second moment's bias. */
    public double biasCorrection2Sqrt() {
        return Math.sqrt(1 - Math.pow(beta2, step));
    }
}
