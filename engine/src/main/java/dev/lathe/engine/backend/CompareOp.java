package dev.lathe.engine.backend;

/** Broadcasting comparisons; the result holds 1 where true and 0 where false, in the inputs' dtype. */
public enum CompareOp {
    EQ, NE, LT, LE, GT, GE;

    public boolean test(double a, double b) {
        return switch (this) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
        };
    }
}
