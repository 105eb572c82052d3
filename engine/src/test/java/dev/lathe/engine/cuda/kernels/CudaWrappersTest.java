package dev.lathe.engine.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.AdamStep;
import dev.lathe.engine.backend.BinaryOp;
import dev.lathe.engine.backend.CompareOp;
import dev.lathe.engine.backend.Pool2dParams;
import dev.lathe.engine.backend.PoolResult;
import dev.lathe.engine.backend.ReduceOp;
import dev.lathe.engine.backend.UnaryOp;
import dev.lathe.engine.cuda.CudaStorage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each wrapper launches, recorded by a launcher that runs nothing (no GPU here). */
class CudaWrappersTest {

    private final RecordingLauncher k = new RecordingLauncher();

    private static long[] longs(long... v) {
        return v;
    }

    @Test
    void broadcastAddLaunchesOverTheBroadcastShapeWithZeroStrides() {
        Tensor a = k.empty(DType.F32, 5, 1, 9);
        Tensor b = k.empty(DType.F32, 4, 9);
        Tensor out = CudaElementwise.binary(k, BinaryOp.ADD, a, b);
        assertArrayEquals(new int[] {5, 4, 9}, out.shape());
        RecordingLauncher.Launch l = k.only();
        assertEquals("elementwise", l.family());
        assertEquals("add_f32", l.kernel());
        assertEquals(180, l.n());
        assertSame(a, l.arg(0));
        assertArrayEquals(longs(5, 4, 9), l.layout(1).shape());
        assertArrayEquals(longs(9, 0, 1), l.layout(1).strides());
        assertSame(b, l.arg(2));
        assertArrayEquals(longs(0, 9, 1), l.layout(3).strides());
        assertSame(out, l.arg(4));
        assertEquals(180L, l.arg(5));
    }

    @Test
    void sameShapeOperandsRunAsOneDimension() {
        Tensor a = k.empty(DType.I32, 3, 7);
        CudaElementwise.binary(k, BinaryOp.MUL, a, k.empty(DType.I32, 3, 7));
        RecordingLauncher.Launch l = k.only();
        assertEquals("mul_i32", l.kernel());
        assertArrayEquals(longs(21), l.layout(1).shape());
        assertArrayEquals(longs(1), l.layout(3).strides());
    }

    @Test
    void binaryRejectsMixedDtypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CudaElementwise.binary(k, BinaryOp.SUB, k.empty(DType.F32, 2), k.empty(DType.I32, 2)));
        assertTrue(e.getMessage().startsWith("sub: operands differ in dtype"), e.getMessage());
        assertEquals(List.of(), k.launches);
    }

    @Test
    void unaryReadsAViewThroughItsStridesAndOffset() {
        try (Tensor base = k.empty(DType.F32, 4, 6)) {
            // rows 1..3 of the transpose of base's [4, 6] block: shape [6, 3], strides [1, 6], offset 6
            Tensor view = base.view(new int[] {6, 3}, new int[] {1, 6}, 6);
            Tensor out = CudaElementwise.unary(k, UnaryOp.SIGMOID, view);
            RecordingLauncher.Launch l = k.only();
            assertEquals("sigmoid_f32", l.kernel());
            assertEquals(18, l.n());
            assertArrayEquals(longs(6, 3), l.layout(1).shape());
            assertArrayEquals(longs(1, 6), l.layout(1).strides());
            assertArrayEquals(new int[] {6, 3}, out.shape());
            assertTrue(CudaStorage.address(view).toString().contains("byteOffset=24"), CudaStorage.address(view).toString());
        }
    }

    @Test
    void unaryOnIntegersIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CudaElementwise.unary(k, UnaryOp.EXP, k.empty(DType.I32, 3)));
        assertTrue(e.getMessage().contains("needs an F32 tensor"), e.getMessage());
    }

    @Test
    void compareAndWhereBroadcastAllOperands() {
        Tensor c = CudaElementwise.compare(k, CompareOp.LT, k.empty(DType.F32, 2, 3), k.empty(DType.F32, 3));
        assertEquals("lt_f32", k.last().kernel());
        Tensor cond = k.empty(DType.I32, 2, 1);
        Tensor w = CudaElementwise.where(k, cond, k.empty(DType.F32, 3), c);
        RecordingLauncher.Launch l = k.last();
        assertEquals("where_f32", l.kernel());
        assertArrayEquals(new int[] {2, 3}, w.shape());
        assertArrayEquals(longs(1, 0), l.layout(1).strides());
        assertEquals(1, l.arg(2), "an I32 condition");
        assertArrayEquals(longs(0, 1), l.layout(4).strides());
        assertArrayEquals(longs(3, 1), l.layout(6).strides());
    }

    @Test
    void fillConvertsTheValueAsTheCpuStoresIt() {
        CudaElementwise.fill(k, k.empty(DType.I32, 4), -2.7);
        assertEquals("fill_i32", k.last().kernel());
        assertEquals(-2, k.last().arg(2));
        CudaElementwise.fill(k, k.empty(DType.F32, 4), 0.1);
        assertEquals("fill_f32", k.last().kernel());
        assertEquals(0.1f, k.last().arg(2));
    }

    @Test
    void copyIntoAStridedDestinationConvertsDtypes() {
        Tensor src = k.empty(DType.F32, 2, 3);
        Tensor base = k.empty(DType.I32, 3, 2);
        Tensor dst = base.view(new int[] {2, 3}, new int[] {1, 2}, 0);
        CudaElementwise.copy(k, src, dst);
        RecordingLauncher.Launch l = k.only();
        assertEquals("copy_f32_to_i32", l.kernel());
        assertArrayEquals(longs(3, 1), l.layout(1).strides());
        assertArrayEquals(longs(1, 2), l.layout(3).strides());
        assertThrows(IllegalArgumentException.class, () -> CudaElementwise.copy(k, src, k.empty(DType.F32, 3, 2)));
    }

    @Test
    void longReductionRunsOneBlockPerOutput() {
        Tensor x = k.empty(DType.F32, 100, 3);
        Tensor out = CudaReduce.reduce(k, ReduceOp.SUM, x, new int[] {0}, false);
        assertArrayEquals(new int[] {3}, out.shape());
        RecordingLauncher.Launch l = k.only();
        assertEquals("reduce", l.family());
        assertEquals("sum_f32", l.kernel());
        assertEquals(3, l.gridX());
        assertEquals(256, l.blockX());
        assertArrayEquals(longs(3), l.layout(1).shape());
        assertArrayEquals(longs(1), l.layout(1).strides());
        assertArrayEquals(longs(100), l.layout(2).shape());
        assertArrayEquals(longs(3), l.layout(2).strides());
        assertEquals(3L, l.arg(4));
        assertEquals(100L, l.arg(5));
    }

    @Test
    void shortReductionRunsOneThreadPerOutput() {
        Tensor x = k.empty(DType.F32, 3, 4, 5);
        Tensor out = CudaReduce.reduce(k, ReduceOp.MAX, x, new int[] {0, -1}, true);
        assertArrayEquals(new int[] {1, 4, 1}, out.shape());
        RecordingLauncher.Launch l = k.only();
        assertEquals("max_serial_f32", l.kernel());
        assertEquals(4, l.n());
        assertArrayEquals(longs(5), l.layout(1).strides());
        assertArrayEquals(longs(3, 5), l.layout(2).shape());
        assertArrayEquals(longs(20, 1), l.layout(2).strides());
    }

    @Test
    void maxOverAnEmptyAxisIsRejectedAndAnEmptySumLaunches() {
        assertThrows(IllegalArgumentException.class, () -> CudaReduce.reduce(k, ReduceOp.MIN, k.empty(DType.F32, 0, 2), new int[] {0}, false));
        CudaReduce.reduce(k, ReduceOp.SUM, k.empty(DType.F32, 0, 2), new int[] {0}, false);
        assertEquals("sum_serial_f32", k.only().kernel());
        assertEquals(0L, k.only().arg(5));
        assertThrows(IllegalArgumentException.class, () -> CudaReduce.reduce(k, ReduceOp.SUM, k.empty(DType.F32, 2), new int[] {0, -1}, false));
    }

    @Test
    void argmaxGivesI32AlongOneAxis() {
        Tensor out = CudaReduce.argmax(k, k.empty(DType.F32, 4, 700), -1, false);
        assertEquals(DType.I32, out.dtype());
        assertArrayEquals(new int[] {4}, out.shape());
        RecordingLauncher.Launch l = k.only();
        assertEquals("argmax_f32", l.kernel());
        assertEquals(4, l.gridX());
        assertArrayEquals(longs(700), l.layout(2).shape());
        assertArrayEquals(longs(1), l.layout(2).strides());
    }

    @Test
    void indexSelectIsAnEmbeddingLookup() {
        Tensor table = k.empty(DType.F32, 10, 4);
        Tensor ids = k.empty(DType.I32, 2, 3);
        Tensor out = CudaIndexing.indexSelect(k, table, 0, ids);
        assertArrayEquals(new int[] {2, 3, 4}, out.shape());
        RecordingLauncher.Launch l = k.only();
        assertEquals("index", l.family());
        assertEquals("index_select_f32", l.kernel());
        assertEquals(24, l.n());
        assertEquals(List.of(table, ids, out, 1L, 6L, 10L, 4L, k.errorWord()), l.args());
    }

    @Test
    void indexSelectCopiesAStridedTableFirst() {
        Tensor base = k.empty(DType.F32, 4, 10);
        Tensor table = base.view(new int[] {10, 4}, new int[] {1, 10}, 0);
        CudaIndexing.indexSelect(k, table, 0, k.empty(DType.I32, 5));
        assertEquals(List.of("copy_f32", "index_select_f32"), k.kernels());
    }

    @Test
    void indexSelectNeedsI32Indices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CudaIndexing.indexSelect(k, k.empty(DType.F32, 3), 0, k.empty(DType.F32, 2)));
        assertEquals("index_select: index must be I32, got F32", e.getMessage());
    }

    @Test
    void indexAddZeroesThenWalksOneColumnPerThread() {
        Tensor ids = k.empty(DType.I32, 6);
        Tensor grad = k.empty(DType.F32, 6, 4);
        Tensor out = CudaIndexing.indexAdd(k, new int[] {10, 4}, 0, ids, grad);
        assertEquals(List.of("fill_f32", "index_add_f32"), k.kernels());
        RecordingLauncher.Launch l = k.last();
        assertEquals(4, l.n());
        assertEquals(List.of(ids, grad, out, 1L, 6L, 10L, 4L, k.errorWord()), l.args());
        assertThrows(IllegalArgumentException.class, () -> CudaIndexing.indexAdd(k, new int[] {10, 4}, 0, ids, k.empty(DType.F32, 6, 5)));
    }

    @Test
    void gatherReadsAlongDimThroughAZeroStride() {
        Tensor x = k.empty(DType.F32, 3, 5);
        Tensor idx = k.empty(DType.I32, 3, 2);
        Tensor out = CudaIndexing.gather(k, x, 1, idx);
        RecordingLauncher.Launch l = k.only();
        assertEquals("gather_f32", l.kernel());
        assertArrayEquals(new int[] {3, 2}, out.shape());
        assertArrayEquals(longs(3, 2), l.layout(1).shape());
        assertArrayEquals(longs(5, 0), l.layout(1).strides());
        assertEquals(1L, l.arg(2));
        assertEquals(5L, l.arg(3));
        assertArrayEquals(longs(2, 1), l.layout(5).strides());
        assertSame(k.errorWord(), l.arg(8));
    }

    @Test
    void scatterAddGivesEachThreadOneLine() {
        Tensor idx = k.empty(DType.I32, 3, 2);
        Tensor src = k.empty(DType.F32, 3, 2);
        Tensor out = CudaIndexing.scatterAdd(k, new int[] {3, 5}, 1, idx, src);
        assertEquals(List.of("fill_f32", "scatter_add_f32"), k.kernels());
        RecordingLauncher.Launch l = k.last();
        assertEquals(3, l.n());
        assertArrayEquals(longs(3), l.layout(1).shape());
        assertArrayEquals(longs(2), l.layout(1).strides());
        assertEquals(1L, l.arg(2));
        assertArrayEquals(longs(2), l.layout(4).strides());
        assertSame(out, l.arg(6));
        assertArrayEquals(longs(5), l.layout(7).strides());
        assertEquals(List.of(1L, 5L, 3L, 2L), l.args().subList(8, 12));
        assertThrows(IllegalArgumentException.class, () -> CudaIndexing.scatterAdd(k, new int[] {2, 5}, 1, idx, src));
    }

    @Test
    void maxPoolLaunchesOneThreadPerOutputWithTheGeometry() {
        PoolResult r = CudaPooling.maxPool2d(k, k.empty(DType.F32, 2, 3, 8, 8), Pool2dParams.of(2));
        assertArrayEquals(new int[] {2, 3, 4, 4}, r.output().shape());
        assertEquals(DType.I32, r.indices().dtype());
        RecordingLauncher.Launch l = k.only();
        assertEquals("max_pool2d_f32", l.kernel());
        assertEquals(96, l.n());
        assertEquals(List.of(6L, 8, 8, 4, 4, 2, 2, 2, 2, 0, 0), l.args().subList(3, 14));
        CudaPooling.maxPool2dBackward(k, r.output(), r.indices(), new int[] {2, 3, 8, 8});
        assertEquals(List.of("max_pool2d_f32", "fill_f32", "max_pool2d_backward_f32"), k.kernels());
        assertEquals(List.of(96L, 16L, 64L, k.errorWord()), k.last().args().subList(3, 7));
    }

    @Test
    void avgPoolPassesCountIncludePadAndItsBackwardRunsPerInput() {
        Pool2dParams p = new Pool2dParams(3, 3, 2, 2, 1, 1, false);
        Tensor out = CudaPooling.avgPool2d(k, k.empty(DType.F32, 1, 2, 7, 7), p);
        assertArrayEquals(new int[] {1, 2, 4, 4}, out.shape());
        assertEquals(List.of(2L, 7, 7, 4, 4, 3, 3, 2, 2, 1, 1, 0), k.last().args().subList(2, 14));
        CudaPooling.avgPool2dBackward(k, out, new int[] {1, 2, 7, 7}, p);
        assertEquals("avg_pool2d_backward_f32", k.last().kernel());
        assertEquals(98, k.last().n());
        assertThrows(IllegalArgumentException.class, () -> CudaPooling.avgPool2d(k, k.empty(DType.F32, 2, 7, 7), p));
    }

    @Test
    void randomKeysComeFromTheGeneratorOneDrawPerCall() {
        Generator g = new Generator(42);
        Generator same = new Generator(42);
        CudaRandom.uniform(k, DType.F32, new int[] {10}, -1, 1, g);
        RecordingLauncher.Launch l = k.last();
        assertEquals("uniform_f32", l.kernel());
        assertEquals(3, l.n(), "four elements per work item");
        assertEquals(List.of(10L, same.nextLong(), -1.0, 1.0), l.args().subList(1, 5));
        CudaRandom.bernoulli(k, DType.F32, new int[] {8}, 0.25, g);
        assertEquals(List.of(8L, same.nextLong(), 0.25), k.last().args().subList(1, 4));
        CudaRandom.normal(k, DType.F32, new int[] {2, 2}, 0, 0.02, g);
        assertEquals(List.of(4L, same.nextLong(), 0.0, 0.02), k.last().args().subList(1, 5));
        assertThrows(IllegalArgumentException.class, () -> CudaRandom.bernoulli(k, DType.F32, new int[] {2}, 1.5, g));
        assertThrows(IllegalArgumentException.class, () -> CudaRandom.uniform(k, DType.I32, new int[] {2}, 0, 1, g));
    }

    @Test
    void adamPassesTheCpuScalars() {
        Tensor w = k.empty(DType.F32, 5);
        Tensor g = k.empty(DType.F32, 5);
        Tensor m = k.empty(DType.F32, 5);
        Tensor v = k.empty(DType.F32, 5);
        CudaOptim.adamUpdate(k, w, g, m, v, new AdamStep(0.1, 0.9, 0.99, 1e-8, 0.01, true, 2));
        RecordingLauncher.Launch l = k.only();
        assertEquals("optim", l.family());
        assertEquals("adam_f32", l.kernel());
        assertEquals(List.of(w, g, m, v, 5L), l.args().subList(0, 5));
        double stepSize = 0.1 / (1 - 0.81);
        double correction2 = Math.sqrt(1 - 0.99 * 0.99);
        assertEquals(List.of(1 - 0.1 * 0.01, 0.0, stepSize, correction2, 0.9, 0.99, 1e-8), l.args().subList(5, 12));
        assertThrows(IllegalArgumentException.class, () -> CudaOptim.adamUpdate(k, w, g, m, k.empty(DType.F32, 6), new AdamStep(0.1, 0.9, 0.99, 1e-8, 0, false, 1)));
    }

    @Test
    void deviceErrorsReadAsTheCpuError() {
        assertTrue(!DeviceErrors.isSet(new int[4]));
        RuntimeException e = DeviceErrors.error(new int[] {1, 12, 10, 0});
        assertTrue(e instanceof IndexOutOfBoundsException);
        assertTrue(e.getMessage().startsWith("index_select: index 12 is out of range for a dimension of size 10"), e.getMessage());
    }
}
