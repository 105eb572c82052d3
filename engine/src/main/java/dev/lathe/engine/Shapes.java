package dev.lathe.engine;

import java.util.Arrays;
import java.util.StringJoiner;

/** Shape and stride arithmetic shared by every backend. */
public final class Shapes {

    private Shapes() {
    }

    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
        }
        return (int) n;
    }

    public static void checkDims(int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
    }

    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    public static boolean isContiguous(int[] shape, int[] strides) {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    public static int normalizeDim(int dim, int rank) {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) {
            throw new IllegalArgumentException("dimension " + dim + " out of range for a tensor of rank " + rank);
        }
        return d;
    }

    /** The broadcast shape of two shapes under NumPy rules, or an error naming both. */
    public static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes [" + format(a) + "] and [" + format(b) + "] cannot be broadcast together");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * How broadcasting repeats {@code part} over {@code shape} when it does so as one block: part,
     * its leading and trailing size-1 dimensions dropped, is the dimensions of shape just before a
     * trailing stretch that it stays constant over. Returns that stretch's element count: 1 for a
     * row repeated over the leading dimensions ([128] in [32, 128]), H·W for a value per channel
     * ([C, 1, 1] in [N, C, H, W]); -1 when part is a single element or repeats in any other way.
     */
    public static int blockRepeat(int[] part, int[] shape) {
        int lead = shape.length - part.length;
        int from = 0;
        while (from < part.length && part[from] == 1) {
            from++;
        }
        int to = part.length - 1;
        while (to >= from && part[to] == 1) {
            to--;
        }
        if (lead < 0 || from > to || !java.util.Arrays.equals(part, from, to + 1, shape, from + lead, to + 1 + lead)) {
            return -1;
        }
        int stretch = 1;
        for (int d = to + 1 + lead; d < shape.length; d++) {
            stretch *= shape[d];
        }
        return stretch;
    }

    /** Strides that read a tensor of {@code shape}/{@code strides} as if expanded to {@code target} (0 on broadcast dims). */
    public static int[] broadcastStrides(int[] shape, int[] strides, int[] target) {
        int[] out = new int[target.length];
        int lead = target.length - shape.length;
        if (lead < 0) {
            throw new IllegalArgumentException("cannot broadcast [" + format(shape) + "] to [" + format(target) + "]");
        }
        for (int i = 0; i < target.length; i++) {
            if (i < lead) {
                out[i] = 0;
            } else if (shape[i - lead] == target[i]) {
                out[i] = target[i] == 1 ? 0 : strides[i - lead];
            } else if (shape[i - lead] == 1) {
                out[i] = 0;
            } else {
                throw new IllegalArgumentException("cannot broadcast [" + format(shape) + "] to [" + format(target) + "]");
            }
        }
        return out;
    }

    /** Shape of x with dimension {@code dim} replaced by the whole shape of the index (index_select's result). */
    public static int[] selectShape(int[] xShape, int dim, int[] indexShape) {
        int[] out = new int[xShape.length - 1 + indexShape.length];
        System.arraycopy(xShape, 0, out, 0, dim);
        System.arraycopy(indexShape, 0, out, dim, indexShape.length);
        System.arraycopy(xShape, dim + 1, out, dim + indexShape.length, xShape.length - dim - 1);
        return out;
    }

    /**
     * Checks gather's and scatter_add's shapes (torch semantics): the index has the data's rank and is no
     * larger than the data in every dimension but {@code dim}.
     */
    public static void checkGatherShapes(String op, int[] dataShape, int dim, int[] indexShape) {
        boolean ok = dataShape.length == indexShape.length;
        for (int d = 0; ok && d < dataShape.length; d++) {
            ok = d == dim || indexShape[d] <= dataShape[d];
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": index [" + format(indexShape) + "] does not fit data ["
                    + format(dataShape) + "] along dimension " + dim);
        }
    }

    /** The shape left by reducing the flagged dimensions: kept as size 1 with {@code keepDims}, else dropped. */
    public static int[] reducedShape(int[] shape, boolean[] reduced, boolean keepDims) {
        int dropped = 0;
        for (boolean r : reduced) {
            dropped += r ? 1 : 0;
        }
        int[] out = keepDims ? shape.clone() : new int[shape.length - dropped];
        for (int d = 0, k = 0; d < shape.length; d++) {
            if (keepDims) {
                out[d] = reduced[d] ? 1 : shape[d];
            } else if (!reduced[d]) {
                out[k++] = shape[d];
            }
        }
        return out;
    }

    public static String format(int[] shape) {
        StringJoiner j = new StringJoiner(", ");
        for (int d : shape) {
            j.add(Integer.toString(d));
        }
        return j.toString();
    }
}
