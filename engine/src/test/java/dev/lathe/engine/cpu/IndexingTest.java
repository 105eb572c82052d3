package dev.lathe.engine.cpu;

import static dev.lathe.engine.TestTensors.assertWithinBound;
import static dev.lathe.engine.TestTensors.indices;
import static dev.lathe.engine.TestTensors.numel;
import static dev.lathe.engine.TestTensors.random;
import static dev.lathe.engine.TestTensors.ravel;
import static dev.lathe.engine.TestTensors.unravel;
import static dev.lathe.engine.TestTensors.withLayout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.TestTensors;
import dev.lathe.engine.TestTensors.Layout;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.backend.Backends;
import dev.lathe.engine.ops.Indexing;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * index_select / index_add and gather / scatter_add against naive loops. Selection is exact; the
 * adding ops sum a handful of values (repeated indices) in the dtype, bounded as any short sum.
 */
class IndexingTest {

    private static final Backend CPU = Backends.cpu();
    private static final int[] X = {4, 5, 6};

    private static int[] randomIndex(long seed, int n, int limit) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = r.nextInt(limit);
        }
        return idx;
    }

    /** Shape of x with dimension dim replaced by the index's shape. */
    private static int[] selectShape(int[] xs, int dim, int[] is) {
        int[] out = new int[xs.length - 1 + is.length];
        int k = 0;
        for (int d = 0; d < xs.length; d++) {
            if (d == dim) {
                for (int s : is) {
                    out[k++] = s;
                }
            } else {
                out[k++] = xs[d];
            }
        }
        return out;
    }

    /** For each output element of index_select, the flat x element it copies. */
    private static int[] selectSources(int[] xs, int dim, int[] idx, int[] is) {
        int[] os = selectShape(xs, dim, is);
        int[] src = new int[numel(os)];
        for (int flat = 0; flat < src.length; flat++) {
            int[] o = unravel(flat, os);
            int[] x = new int[xs.length];
            for (int d = 0; d < dim; d++) {
                x[d] = o[d];
            }
            x[dim] = idx[ravel(Arrays.copyOfRange(o, dim, dim + is.length), is)];
            for (int d = dim + 1; d < xs.length; d++) {
                x[d] = o[d - 1 + is.length];
            }
            src[flat] = ravel(x, xs);
        }
        return src;
    }

    private static final int[][] INDEX_SHAPES = {{3}, {7}, {2, 3}, {}};

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64", "I32"})
    void indexSelectCopiesTheChosenSlices(DType dtype) {
        double[] x = TestTensors.roundTo(dtype, random(1100, DType.F64, numel(X), -9, 9));
        long seed = 1101;
        for (int dim = 0; dim < 3; dim++) {
            for (int[] is : INDEX_SHAPES) {
                int[] idx = randomIndex(seed++, numel(is), X[dim]);
                int[] src = selectSources(X, dim, idx, is);
                double[] expected = new double[src.length];
                for (int i = 0; i < src.length; i++) {
                    expected[i] = x[src[i]];
                }
                for (Layout layout : Layout.values()) {
                    String what = dtype + " dim " + dim + " index " + Arrays.toString(is) + " " + layout;
                    Tensor index = withLayout(layout, toDoubles(idx), DType.I32, is);
                    Tensor out = CPU.indexSelect(withLayout(layout, x, dtype, X), dim, index);
                    assertArrayEquals(selectShape(X, dim, is), out.shape(), what);
                    assertArrayEquals(expected, out.toDoubleArray(), what);
                }
            }
        }
        Tensor negativeDim = CPU.indexSelect(TestTensors.tensor(x, dtype, X), -1, indices(new int[] {5, 0}, 2));
        assertArrayEquals(new int[] {4, 5, 2}, negativeDim.shape());
        assertArrayEquals(new double[] {x[5], x[0]}, Arrays.copyOf(negativeDim.toDoubleArray(), 2));
    }

    @Test
    void embeddingLookupGathersRowsForATokenGrid() {
        // weight [vocab 10, dim 4], tokens [batch 2, time 3] -> [2, 3, 4]
        double[] weight = random(1102, DType.F32, 40, -1, 1);
        int[] tokens = {3, 9, 0, 3, 3, 7};
        Tensor out = Indexing.indexSelect(withLayout(Layout.NARROWED, weight, DType.F32, 10, 4), 0, indices(tokens, 2, 3));
        assertArrayEquals(new int[] {2, 3, 4}, out.shape());
        double[] expected = new double[24];
        for (int t = 0; t < 6; t++) {
            System.arraycopy(weight, tokens[t] * 4, expected, t * 4, 4);
        }
        assertArrayEquals(expected, out.toDoubleArray());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void embeddingBagSumsEachRowOfIdsInDoubleInOrder(DType dtype) {
        // 21 columns (two blocks of 8 and 5 more) and 150 ids a bag (more than one block of rows)
        int vocab = 50;
        int width = 21;
        int bags = 6;
        int length = 150;
        double[] table = random(1103, dtype, vocab * width, -1, 1);
        int[] ids = randomIndex(1104, bags * length, vocab);
        double[] expected = new double[bags * width];
        for (int n = 0; n < bags; n++) {
            for (int j = 0; j < width; j++) {
                double sum = 0;
                for (int t = 0; t < length; t++) {
                    sum += table[ids[n * length + t] * width + j];
                }
                expected[n * width + j] = dtype == DType.F32 ? (float) sum : sum;
            }
        }
        for (Layout layout : new Layout[] {Layout.CONTIGUOUS, Layout.PERMUTED, Layout.OFFSET}) {
            Tensor out = Indexing.embeddingBagSum(withLayout(layout, table, dtype, vocab, width), indices(ids, bags, length));
            assertArrayEquals(new int[] {bags, width}, out.shape(), layout.toString());
            assertArrayEquals(expected, out.toDoubleArray(), dtype + " " + layout);
        }
    }

    @Test
    void embeddingBagRejectsOutOfRangeIdsAndWrongRanks() {
        Tensor table = TestTensors.tensor(random(1105, DType.F32, 12, -1, 1), DType.F32, 4, 3);
        IndexOutOfBoundsException range = assertThrows(IndexOutOfBoundsException.class,
                () -> Indexing.embeddingBagSum(table, indices(new int[] {0, 4}, 1, 2)));
        assertTrue(range.getMessage().startsWith("embedding_bag_sum: index 4 is out of range for a dimension of size 4"), range.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> Indexing.embeddingBagSum(table, indices(new int[] {0, 1}, 2)));
        assertTrue(rank.getMessage().startsWith("embedding_bag_sum needs a table [V, C] and ids [N, T], got "), rank.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void indexAddAccumulatesRepeatedIndices(DType dtype) {
        long seed = 1110;
        for (int dim = 0; dim < 3; dim++) {
            for (int[] is : INDEX_SHAPES) {
                // 7 picks from at most 6 slices repeat some index
                int[] idx = randomIndex(seed++, numel(is), X[dim]);
                int[] os = selectShape(X, dim, is);
                double[] source = random(seed++, dtype, numel(os), -1, 1);
                int[] dst = selectSources(X, dim, idx, is);
                double[] expected = new double[numel(X)];
                double[] bound = new double[numel(X)];
                for (int i = 0; i < source.length; i++) {
                    expected[dst[i]] += source[i];
                    bound[dst[i]] += Math.abs(source[i]);
                }
                for (Layout layout : Layout.values()) {
                    String what = dtype + " dim " + dim + " index " + Arrays.toString(is) + " " + layout;
                    Tensor out = CPU.indexAdd(X, dim, withLayout(layout, toDoubles(idx), DType.I32, is), withLayout(layout, source, dtype, os));
                    assertArrayEquals(X, out.shape(), what);
                    assertWithinBound(expected, bound, numel(is), out, what);
                }
            }
        }
    }

    /** For each element of an index of shape {@code is}, the flat data element gather reads (scatter_add writes). */
    private static int[] gatherTargets(int[] dataShape, int dim, int[] idx, int[] is) {
        int[] t = new int[idx.length];
        for (int flat = 0; flat < idx.length; flat++) {
            int[] at = unravel(flat, is);
            at[dim] = idx[flat];
            t[flat] = ravel(at, dataShape);
        }
        return t;
    }

    /** Index shapes for gather along each dim: smaller than the data in the other dims, any size along dim. */
    private static int[] gatherIndexShape(int dim) {
        int[] is = {3, 4, 2};
        is[dim] = 7;
        return is;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64", "I32"})
    void gatherPicksAlongOneDimension(DType dtype) {
        double[] x = TestTensors.roundTo(dtype, random(1120, DType.F64, numel(X), -9, 9));
        for (int dim = 0; dim < 3; dim++) {
            int[] is = gatherIndexShape(dim);
            int[] idx = randomIndex(1121 + dim, numel(is), X[dim]);
            int[] src = gatherTargets(X, dim, idx, is);
            double[] expected = new double[src.length];
            for (int i = 0; i < src.length; i++) {
                expected[i] = x[src[i]];
            }
            for (Layout lx : Layout.values()) {
                for (Layout li : Layout.values()) {
                    String what = dtype + " dim " + dim + " data " + lx + " index " + li;
                    Tensor out = CPU.gather(withLayout(lx, x, dtype, X), dim, withLayout(li, toDoubles(idx), DType.I32, is));
                    assertArrayEquals(is, out.shape(), what);
                    assertArrayEquals(expected, out.toDoubleArray(), what);
                }
            }
        }
    }

    @Test
    void gatherPicksOneClassPerRow() {
        double[] logits = {0.1, 0.2, 0.3, 1.1, 1.2, 1.3};
        Tensor picked = CPU.gather(TestTensors.tensor(logits, DType.F64, 2, 3), 1, indices(new int[] {2, 0}, 2, 1));
        assertArrayEquals(new int[] {2, 1}, picked.shape());
        assertArrayEquals(new double[] {0.3, 1.1}, picked.toDoubleArray());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void scatterAddAccumulatesCollisions(DType dtype) {
        for (int dim = 0; dim < 3; dim++) {
            int[] is = gatherIndexShape(dim);
            int[] idx = randomIndex(1130 + dim, numel(is), X[dim]);
            double[] source = random(1140 + dim, dtype, numel(is), -1, 1);
            int[] dst = gatherTargets(X, dim, idx, is);
            double[] expected = new double[numel(X)];
            double[] bound = new double[numel(X)];
            for (int i = 0; i < source.length; i++) {
                expected[dst[i]] += source[i];
                bound[dst[i]] += Math.abs(source[i]);
            }
            for (Layout li : Layout.values()) {
                for (Layout ls : Layout.values()) {
                    String what = dtype + " dim " + dim + " index " + li + " source " + ls;
                    Tensor out = CPU.scatterAdd(X, dim, withLayout(li, toDoubles(idx), DType.I32, is), withLayout(ls, source, dtype, is));
                    assertArrayEquals(X, out.shape(), what);
                    assertWithinBound(expected, bound, is[dim], out, what);
                }
            }
        }
    }

    @Test
    void outOfRangeAndWronglyTypedIndicesGiveClearErrors() {
        Tensor x = TestTensors.tensor(new double[12], DType.F32, 3, 4);
        IndexOutOfBoundsException select = assertThrows(IndexOutOfBoundsException.class,
                () -> CPU.indexSelect(x, 0, indices(new int[] {0, 3}, 2)));
        assertTrue(select.getMessage().contains("index_select") && select.getMessage().contains("index 3")
                && select.getMessage().contains("size 3"), select.getMessage());
        IndexOutOfBoundsException negative = assertThrows(IndexOutOfBoundsException.class,
                () -> CPU.gather(x, 1, indices(new int[] {-1, 0}, 2, 1)));
        assertTrue(negative.getMessage().contains("gather") && negative.getMessage().contains("index -1"), negative.getMessage());
        IndexOutOfBoundsException add = assertThrows(IndexOutOfBoundsException.class,
                () -> CPU.indexAdd(new int[] {3, 4}, 1, indices(new int[] {4}, 1), TestTensors.tensor(new double[3], DType.F32, 3, 1)));
        assertTrue(add.getMessage().contains("index_add") && add.getMessage().contains("size 4"), add.getMessage());
        IndexOutOfBoundsException scatter = assertThrows(IndexOutOfBoundsException.class,
                () -> CPU.scatterAdd(new int[] {3, 4}, 0, indices(new int[] {5}, 1, 1), TestTensors.tensor(new double[1], DType.F32, 1, 1)));
        assertTrue(scatter.getMessage().contains("scatter_add") && scatter.getMessage().contains("index 5"), scatter.getMessage());
        IllegalArgumentException typed = assertThrows(IllegalArgumentException.class,
                () -> CPU.indexSelect(x, 0, TestTensors.tensor(new double[] {0}, DType.F32, 1)));
        assertTrue(typed.getMessage().contains("I32") && typed.getMessage().contains("F32"), typed.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> CPU.gather(x, 1, indices(new int[8], 4, 2)));
        assertTrue(shape.getMessage().contains("[4, 2]") && shape.getMessage().contains("[3, 4]"), shape.getMessage());
    }

    private static double[] toDoubles(int[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
