package dev.lathe.engine.backend;

/** Elementwise functions of one argument; {@link #apply} is the reference definition every backend follows. */
public enum UnaryOp {
    NEG, ABS, SIGN, EXP, LOG, SQRT, TANH, SIGMOID, RELU, ERF, RECIPROCAL;

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
            case RELU -> x > 0 ? x : 0.0;
            case ERF -> Erf.erf(x);
            case RECIPROCAL -> 1.0 / x;
        };
    }
}
