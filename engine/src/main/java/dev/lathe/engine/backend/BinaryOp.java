package dev.lathe.engine.backend;

/** Broadcasting elementwise functions of two arguments. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAX, MIN;

    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
        };
    }
}
