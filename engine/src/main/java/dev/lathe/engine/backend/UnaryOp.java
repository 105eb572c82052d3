package dev.lathe.engine.backend;

/**
 * Elementwise functions of one argument; {@link #apply} is the reference definition every backend follows.
 * GELU and its derivative are single ops so that BERT's feed-forward costs one pass over its largest
 * activation instead of five.
 */
public enum UnaryOp {
    NEG, ABS, SIGN, EXP, LOG, SQRT, TANH, SIGMOID, RELU, ERF, RECIPROCAL, GELU, GELU_DERIVATIVE;

    private static final double INV_SQRT2 = 1 / Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    public double apply(double x) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
            // NaN passes, as in PyTorch (and a NaN activation is not hidden from the loss)
            case RELU -> Math.max(x, 0.0);
            case ERF -> Erf.erf(x);
            case RECIPROCAL -> 1.0 / x;
            case GELU -> gelu(x);
            case GELU_DERIVATIVE -> geluDerivative(x);
        };
    }

    /** x Φ(x) = x (1 + erf(x / √2)) / 2, the exact GELU of torch.nn.GELU() and BERT. */
    public static double gelu(double x) {
        return 0.5 * x * (1 + Erf.erf(x * INV_SQRT2));
    }

    /** d/dx x Φ(x) = Φ(x) + x φ(x), with φ the standard normal density. */
    public static double geluDerivative(double x) {
        return 0.5 * (1 + Erf.erf(x * INV_SQRT2)) + x * Math.exp(-0.5 * x * x) * INV_SQRT_2PI;
    }
}
