package dev.lathe.engine.backend;

import dev.lathe.engine.Shapes;

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

    /**
     * The dimensions of {@code shape} this reduction folds, from its axes (negative ones count from
     * the end). A repeated axis is an error, and so is an empty dimension for MAX and MIN, which have
     * no value to give there; every backend checks its arguments here.
     */
    public boolean[] reducedDims(int[] shape, int[] axes) {
        boolean[] reduced = new boolean[shape.length];
        for (int axis : axes) {
            int d = Shapes.normalizeDim(axis, shape.length);
            if (reduced[d]) {
                throw new IllegalArgumentException(this + ": axis " + axis + " is listed twice for [" + Shapes.format(shape) + "]");
            }
            reduced[d] = true;
            if (this != SUM && shape[d] == 0) {
                throw new IllegalArgumentException(this + " over an empty dimension of [" + Shapes.format(shape) + "]");
            }
        }
        return reduced;
    }
}
