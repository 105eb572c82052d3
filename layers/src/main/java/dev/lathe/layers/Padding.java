package dev.lathe.layers;

/**
 * How a convolution pads its input, as PyTorch's {@code padding} argument: explicit zeros on
 * each side (symmetric per axis), {@code "valid"} (none) or {@code "same"} (output as large as
 * the input; stride 1 only).
 */
public sealed interface Padding permits Padding.Explicit, Padding.Valid, Padding.Same {

    Padding VALID = new Valid();
    Padding SAME = new Same();

    /** The same number of zeros on all four sides. */
    static Padding of(int padding) {
        return new Explicit(padding, padding);
    }

    /** {@code height} zeros above and below, {@code width} left and right. */
    static Padding of(int height, int width) {
        return new Explicit(height, width);
    }

    /** PyTorch's string modes: "valid" or "same". */
    static Padding parse(String mode) {
        return switch (mode) {
            case "valid" -> VALID;
            case "same" -> SAME;
            default -> throw new IllegalArgumentException("padding must be \"valid\", \"same\" or a number, got \"" + mode + "\"");
        };
    }

    /**
     * Zeros to add {top, bottom, left, right} for a kernel whose dilated extent is
     * {@code extentH × extentW}.
     */
    int[] perSide(int extentH, int extentW);

    record Explicit(int height, int width) implements Padding {

        public Explicit {
            if (height < 0 || width < 0) {
                throw new IllegalArgumentException("padding must not be negative, got " + height + "×" + width);
            }
        }

        @Override
        public int[] perSide(int extentH, int extentW) {
            return new int[] {height, height, width, width};
        }
    }

    record Valid() implements Padding {

        @Override
        public int[] perSide(int extentH, int extentW) {
            return new int[4];
        }
    }

    /** Total padding extent − 1 per axis; an odd total puts the extra zero at the bottom/right, as PyTorch does. */
    record Same() implements Padding {

        @Override
        public int[] perSide(int extentH, int extentW) {
            int h = extentH - 1;
            int w = extentW - 1;
            return new int[] {h / 2, h - h / 2, w / 2, w - w / 2};
        }
    }
}
