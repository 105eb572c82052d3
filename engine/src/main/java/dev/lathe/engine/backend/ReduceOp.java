package dev.lathe.engine.backend;

/** Reductions over a set of axes. */
public enum ReduceOp {
    SUM, MAX, MIN;

    public double identity() {
        return switch (this) {
            case SUM -> 0.0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
    }

    public double combine(double accumulated, double x) {
        return switch (this) {
            case SUM -> accumulated + x;
            case MAX -> Double.isNaN(x) || x > accumulated ? x : accumulated;
            case MIN -> Double.isNaN(x) || x < accumulated ? x : accumulated;
        };
    }
}
