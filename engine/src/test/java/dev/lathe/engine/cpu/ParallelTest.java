package dev.lathe.engine.cpu;

import static dev.lathe.engine.TestTensors.assertClose;
import static dev.lathe.engine.TestTensors.random;
import static dev.lathe.engine.TestTensors.tensor;
import static dev.lathe.engine.TestTensors.withLayout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.TestTensors.Layout;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.backend.Backends;
import dev.lathe.engine.backend.BinaryOp;
import dev.lathe.engine.backend.ReduceOp;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The thread count changes how work is split, never the result. */
class ParallelTest {

    private static final Backend CPU = Backends.cpu();
    private int savedThreads;

    @BeforeEach
    void save() {
        savedThreads = Parallel.threads();
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(savedThreads);
    }

    private static double[] withThreads(int threads, Supplier<Tensor> op) {
        Parallel.setThreads(threads);
        assertEquals(threads, Parallel.threads());
        return op.get().toDoubleArray();
    }

    @Test
    void aLargeBroadcastingBinaryOpIsIdenticalOnOneAndTwoThreads() {
        int rows = 700;
        int cols = 900;
        double[] a = random(1300, DType.F32, rows * cols, -2, 2);
        double[] b = random(1301, DType.F32, cols, -2, 2);
        Tensor ta = withLayout(Layout.PERMUTED_NARROWED, a, DType.F32, rows, cols);
        Tensor tb = tensor(b, DType.F32, cols);
        double[] one = withThreads(1, () -> CPU.binary(BinaryOp.MUL, ta, tb));
        double[] two = withThreads(2, () -> CPU.binary(BinaryOp.MUL, ta, tb));
        assertArrayEquals(one, two);
        double[] expected = new double[rows * cols];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (float) (a[i] * b[i % cols]);
        }
        assertClose(expected, CPU.binary(BinaryOp.MUL, ta, tb), 1e-6, 0, "product on two threads");
    }

    @Test
    void aLargeReductionIsIdenticalOnOneAndTwoThreads() {
        double[] x = random(1302, DType.F64, 600 * 800, -1, 1);
        Tensor t = withLayout(Layout.PERMUTED, x, DType.F64, 600, 800);
        for (int[] axes : new int[][] {{0}, {1}, {0, 1}}) {
            double[] one = withThreads(1, () -> CPU.reduce(ReduceOp.SUM, t, axes, false));
            double[] two = withThreads(2, () -> CPU.reduce(ReduceOp.SUM, t, axes, false));
            assertArrayEquals(one, two);
        }
        double[] rowSums = new double[600];
        for (int i = 0; i < x.length; i++) {
            rowSums[i / 800] += x[i];
        }
        // 800 terms of magnitude < 1: within 800 * 2^-53 * 800 of exact
        assertClose(rowSums, CPU.reduce(ReduceOp.SUM, t, new int[] {1}, false), 0, 1e-10, "row sums on two threads");
    }

    @Test
    void forRangeCoversEveryIndexExactlyOnce() {
        Parallel.setThreads(2);
        int n = 100_003;
        AtomicInteger[] hits = new AtomicInteger[n];
        for (int i = 0; i < n; i++) {
            hits[i] = new AtomicInteger();
        }
        Parallel.forRange(n, 100, (from, to) -> {
            for (int i = from; i < to; i++) {
                hits[i].incrementAndGet();
            }
        });
        for (int i = 0; i < n; i++) {
            assertEquals(1, hits[i].get(), "index " + i);
        }
    }

    @Test
    void aFailureInAWorkersChunkReachesTheCallerAndTheTeamStaysUsable() {
        Parallel.setThreads(3);
        int n = 90_000;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(n, 100, (from, to) -> {
            if (to == n) {
                throw new IllegalStateException("last chunk failed");
            }
        }));
        assertEquals("last chunk failed", e.getMessage());
        AtomicInteger covered = new AtomicInteger();
        Parallel.forRange(n, 100, (from, to) -> covered.addAndGet(to - from));
        assertEquals(n, covered.get());
    }

    @Test
    void loopsFromManyThreadsAndLoopsInsideChunksEachCoverTheirRangeOnce() throws InterruptedException {
        Parallel.setThreads(2);
        int n = 50_000;
        int callers = 4;
        AtomicInteger total = new AtomicInteger();
        AtomicInteger nestedTotal = new AtomicInteger();
        Thread[] threads = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            threads[c] = new Thread(() -> {
                for (int rep = 0; rep < 200; rep++) {
                    Parallel.forRange(n, 100, (from, to) -> {
                        total.addAndGet(to - from);
                        // a loop inside a chunk runs on that chunk's thread
                        Parallel.forRange(1000, 1000, (f, t) -> nestedTotal.addAndGet(t - f));
                    });
                }
            });
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals((long) callers * 200 * n, total.get());
        assertTrue(nestedTotal.get() % 1000 == 0 && nestedTotal.get() >= callers * 200 * 1000, "nested loops: " + nestedTotal.get());
    }

    @Test
    void aProductSplitIntoSlabsEqualsTheOneThreadProduct() {
        for (boolean[] trans : new boolean[][] {{false, false}, {true, false}, {false, true}, {true, true}}) {
            // above Blas's split threshold (64 MFLOP): wider than tall, so split by columns; the
            // narrowed product below (75 MFLOP) is taller than wide and splits by rows
            int m = 300;
            int k = 500;
            int n = 800;
            Tensor a = tensor(random(1310, DType.F32, m * k, -1, 1), DType.F32, trans[0] ? new int[] {k, m} : new int[] {m, k});
            Tensor b = tensor(random(1311, DType.F32, k * n, -1, 1), DType.F32, trans[1] ? new int[] {n, k} : new int[] {k, n});
            Tensor opA = trans[0] ? a.transpose(0, 1) : a;
            Tensor opB = trans[1] ? b.transpose(0, 1) : b;
            double[] one = withThreads(1, () -> CPU.matmul(opA, opB));
            double[] two = withThreads(2, () -> CPU.matmul(opA, opB));
            double[] three = withThreads(3, () -> CPU.matmul(opA, opB.narrow(1, 0, 250)));
            assertClose(one, CPU.matmul(opA, opB), 1e-5, 1e-5, "slabs, transposed " + trans[0] + "/" + trans[1]);
            assertClose(one, tensor(two, DType.F32, m, n), 1e-5, 1e-5, "two threads");
            double[] narrowOne = withThreads(1, () -> CPU.matmul(opA, opB.narrow(1, 0, 250)));
            assertClose(narrowOne, tensor(three, DType.F32, m, 250), 1e-5, 1e-5, "three threads, narrowed b");
        }
    }

    @Test
    void aThreadCountBelowOneIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
    }
}
