package dev.lathe.engine.backend;

/**
 * Broadcasting elementwise functions of two arguments. {@code RELU_BACKWARD(g, x)} is ReLU's gradient
 * {@code g} passed where {@code x > 0}, else 0 (also where {@code x} is NaN: ReLU passes the NaN
 * on, and the loss it reaches stops training): one pass instead of a mask and a product.
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAX, MIN, RELU_BACKWARD;

    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case RELU_BACKWARD -> b > 0 ? a : 0;
        };
    }
}
