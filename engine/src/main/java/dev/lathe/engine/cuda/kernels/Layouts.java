package dev.lathe.engine.cuda.kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * Describes operands that a kernel walks together over one shape: drops dimensions of size 1 and
 * merges neighbouring dimensions that are contiguous in every operand, so that most launches see
 * rank 1 or 2 and the kernels divide less per element. The row-major order of the elements is kept,
 * so a contiguous output can still be written at the linear index.
 */
final class Layouts {

    private Layouts() {
    }

    /** One layout per stride set, all over the same merged shape. */
    static LayoutStruct[] over(int[] shape, int[]... strides) {
        List<Long> mergedShape = new ArrayList<>();
        List<long[]> mergedStrides = new ArrayList<>();
        // from the innermost dimension outwards: extend the current outermost kept dimension when possible
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 1) {
                continue;
            }
            long[] s = new long[strides.length];
            for (int k = 0; k < strides.length; k++) {
                s[k] = strides[k][d];
            }
            int last = mergedShape.size() - 1;
            if (last >= 0 && mergeable(mergedShape.get(last), mergedStrides.get(last), s)) {
                mergedShape.set(last, mergedShape.get(last) * shape[d]);
            } else {
                mergedShape.add((long) shape[d]);
                mergedStrides.add(s);
            }
        }
        int rank = mergedShape.size();
        LayoutStruct[] out = new LayoutStruct[strides.length];
        for (int k = 0; k < strides.length; k++) {
            long[] sh = new long[rank];
            long[] st = new long[rank];
            for (int d = 0; d < rank; d++) {
                sh[d] = mergedShape.get(rank - 1 - d);
                st[d] = mergedStrides.get(rank - 1 - d)[k];
            }
            out[k] = new LayoutStruct(sh, st);
        }
        return out;
    }

    /** Whether an outer dimension with strides {@code outer} continues the inner one of size {@code innerSize} in every operand. */
    private static boolean mergeable(long innerSize, long[] innerStrides, long[] outer) {
        for (int k = 0; k < outer.length; k++) {
            if (outer[k] != innerStrides[k] * innerSize) {
                return false;
            }
        }
        return true;
    }
}
