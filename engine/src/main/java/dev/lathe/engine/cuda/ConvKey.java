package dev.lathe.engine.cuda;

import dev.lathe.engine.backend.Conv2dParams;
import java.util.List;

/** One convolution problem as cuDNN sees it: direction, input shape (NCHW), weight shape (OIHW) and geometry. */
record ConvKey(Direction direction, List<Integer> input, List<Integer> weight, Conv2dParams params) {

    enum Direction { FORWARD, BACKWARD_DATA, BACKWARD_FILTER }

    static ConvKey of(Direction direction, int[] input, int[] weight, Conv2dParams params) {
        return new ConvKey(direction, List.of(box(input)), List.of(box(weight)), params);
    }

    private static Integer[] box(int[] values) {
        Integer[] boxed = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    /** The output shape [N, O, outH, outW]. */
    int[] outputShape() {
        return new int[] {input.get(0), weight.get(0), params.outputHeight(input.get(2), weight.get(2)),
            params.outputWidth(input.get(3), weight.get(3))};
    }
}
