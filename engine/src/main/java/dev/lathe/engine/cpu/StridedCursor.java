package dev.lathe.engine.cpu;

/**
 * Walks the elements of a shape in row-major order while tracking the storage offset of
 * several operands with their own strides (0 on broadcast dimensions). Adjacent dimensions
 * that are laid out contiguously for every operand are merged first, so most loops run over
 * long inner runs.
 */
final class StridedCursor {

    /** One inner run of elements: {@code length} elements, each operand starting at {@code offsets[k]} with step {@code steps[k]}. */
    @FunctionalInterface
    interface RunBody {
        void run(int length, int[] offsets, int[] steps);
    }

    private final int[] shape;
    private final int[][] strides;
    private final int[] base;
    private final int[] index;
    private final int[] offsets;
    private final int[] steps;
    private final int last;

    StridedCursor(int[] shape, int[][] operandStrides, int[] baseOffsets) {
        int operands = operandStrides.length;
        int rank = shape.length;
        int[] mergedShape = new int[Math.max(rank, 1)];
        // one array per operand: C2 allocates a two-level array through a slow runtime call
        int[][] mergedStrides = new int[operands][];
        for (int k = 0; k < operands; k++) {
            mergedStrides[k] = new int[Math.max(rank, 1)];
        }
        int m = 0;
        for (int d = 0; d < rank; d++) {
            if (shape[d] == 1) {
                continue;
            }
            boolean merge = m > 0;
            for (int k = 0; k < operands && merge; k++) {
                merge = mergedStrides[k][m - 1] == operandStrides[k][d] * shape[d];
            }
            if (merge) {
                mergedShape[m - 1] *= shape[d];
                for (int k = 0; k < operands; k++) {
                    mergedStrides[k][m - 1] = operandStrides[k][d];
                }
            } else {
                mergedShape[m] = shape[d];
                for (int k = 0; k < operands; k++) {
                    mergedStrides[k][m] = operandStrides[k][d];
                }
                m++;
            }
        }
        if (m == 0) {
            mergedShape[0] = 1;
            m = 1;
        }
        this.shape = java.util.Arrays.copyOf(mergedShape, m);
        this.strides = new int[operands][];
        for (int k = 0; k < operands; k++) {
            this.strides[k] = java.util.Arrays.copyOf(mergedStrides[k], m);
        }
        this.base = baseOffsets.clone();
        this.index = new int[m];
        this.offsets = new int[operands];
        this.steps = new int[operands];
        this.last = m - 1;
        for (int k = 0; k < operands; k++) {
            steps[k] = strides[k][last];
        }
    }

    private StridedCursor(StridedCursor other) {
        this.shape = other.shape;
        this.strides = other.strides;
        this.base = other.base;
        this.index = new int[other.index.length];
        this.offsets = new int[other.offsets.length];
        this.steps = other.steps.clone();
        this.last = other.last;
    }

    /** Runs {@code body} over all {@code total} elements, in parallel chunks when {@code costPerElement * total} is large. */
    static void forEach(int[] shape, int[][] operandStrides, int[] baseOffsets, long costPerElement, RunBody body) {
        StridedCursor template = new StridedCursor(shape, operandStrides, baseOffsets);
        int total = 1;
        for (int d : template.shape) {
            total *= d;
        }
        if (total == 0) {
            return;
        }
        Parallel.forRange(total, costPerElement, (from, to) -> new StridedCursor(template).runRange(from, to, body));
    }

    /** Runs {@code body} over every element, on the calling thread. */
    void runAll(RunBody body) {
        int total = 1;
        for (int d : shape) {
            total *= d;
        }
        runRange(0, total, body);
    }

    private void runRange(int from, int to, RunBody body) {
        seek(from);
        int position = from;
        while (position < to) {
            int length = Math.min(shape[last] - index[last], to - position);
            body.run(length, offsets, steps);
            advance(length);
            position += length;
        }
    }

    private void seek(int flat) {
        int rest = flat;
        for (int d = last; d >= 0; d--) {
            index[d] = rest % shape[d];
            rest /= shape[d];
        }
        for (int k = 0; k < offsets.length; k++) {
            int o = base[k];
            for (int d = 0; d <= last; d++) {
                o += index[d] * strides[k][d];
            }
            offsets[k] = o;
        }
    }

    private void advance(int n) {
        index[last] += n;
        for (int k = 0; k < offsets.length; k++) {
            offsets[k] += n * strides[k][last];
        }
        int d = last;
        while (d > 0 && index[d] >= shape[d]) {
            for (int k = 0; k < offsets.length; k++) {
                offsets[k] -= index[d] * strides[k][d];
                offsets[k] += strides[k][d - 1];
            }
            index[d] = 0;
            index[d - 1]++;
            d--;
        }
    }
}
