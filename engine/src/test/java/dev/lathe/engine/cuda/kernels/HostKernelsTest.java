package dev.lathe.engine.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.backend.AdamStep;
import dev.lathe.engine.backend.BinaryOp;
import dev.lathe.engine.backend.CompareOp;
import dev.lathe.engine.backend.Pool2dParams;
import dev.lathe.engine.backend.PoolResult;
import dev.lathe.engine.backend.ReduceOp;
import dev.lathe.engine.backend.UnaryOp;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kernels' own code, compiled for the host (HostLauncher: one thread per grid-stride launch, one
 * block of host threads for the block reductions), against the CPU backend on the same inputs: the
 * index arithmetic, layouts, NaN and tie rules and rounding of every kernel. What it cannot show is
 * the GPU's own maths library, memory model and scheduling; transcendental functions are compared to
 * within one float ulp (the host's libm against Java's), everything else bit for bit, except the
 * block-reduced sums, whose tree order differs from the CPU's sequential one.
 */
class HostKernelsTest {

    private static final float[] SPECIAL = {Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, -1f, 0.5f,
            3.7f, -2.25f, 1e-30f, 1e30f, 88.5f, -100f, 2f, 2f};

    private final HostLauncher k = new HostLauncher();
    private final Random random = new Random(7);

    @BeforeAll
    static void needsACompiler() throws Exception {
        boolean available = HostLauncher.runner() != null;
        if (!available) {
            System.out.println("[HostKernelsTest] skipped: no g++ on the PATH to compile the kernels for the host");
        }
        assumeTrue(available, "no g++");
    }

    private Tensor data(int... shape) {
        float[] v = new float[dev.lathe.engine.Shapes.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 3 == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : (float) random.nextGaussian() * 3;
        }
        return Tensors.of(v, shape);
    }

    private Tensor finite(int... shape) {
        float[] v = new float[dev.lathe.engine.Shapes.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Tensors.of(v, shape);
    }

    private Tensor ints(int bound, int... shape) {
        int[] v = new int[dev.lathe.engine.Shapes.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextInt(bound);
        }
        return Tensors.of(v, shape);
    }

    /** The same strided view of a CPU tensor and of its device copy: the transpose of the last two dimensions. */
    private static Tensor transposed(Tensor t) {
        int r = t.dim();
        int[] shape = t.shape();
        int[] strides = t.strides();
        int[] s = shape.clone();
        int[] st = strides.clone();
        s[r - 1] = shape[r - 2];
        s[r - 2] = shape[r - 1];
        st[r - 1] = strides[r - 2];
        st[r - 2] = strides[r - 1];
        return t.view(s, st, t.offset());
    }

    private void assertAgrees(Tensor expected, Tensor device, int ulps, String what) {
        Tensor actual = k.toHost(device);
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        if (expected.dtype() == DType.I32) {
            assertArrayEquals(expected.toIntArray(), actual.toIntArray(), what);
            return;
        }
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            boolean same = Float.isNaN(e[i]) ? Float.isNaN(a[i])
                    : Float.floatToIntBits(e[i]) == Float.floatToIntBits(a[i])
                    || (ulps > 0 && Math.signum(e[i]) == Math.signum(a[i])
                    && Math.abs(Float.floatToIntBits(e[i]) - Float.floatToIntBits(a[i])) <= ulps);
            assertTrue(same, what + ": element " + i + " expected " + e[i] + " got " + a[i]);
        }
    }

    @Test
    void unaryOpsOnAStridedView() {
        Tensor x = data(6, 7);
        Tensor dx = k.upload(x);
        Set<UnaryOp> libm = EnumSet.of(UnaryOp.EXP, UnaryOp.LOG, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.ERF);
        for (UnaryOp op : UnaryOp.values()) {
            assertAgrees(x.backend().unary(op, transposed(x)), CudaElementwise.unary(k, op, transposed(dx)), libm.contains(op) ? 1 : 0,
                    op.name());
        }
    }

    @Test
    void binaryOpsBroadcastF32() {
        Tensor a = data(5, 1, 9);
        Tensor b = data(4, 9);
        for (BinaryOp op : BinaryOp.values()) {
            assertAgrees(a.backend().binary(op, a, b), CudaElementwise.binary(k, op, k.upload(a), k.upload(b)), op == BinaryOp.POW ? 1 : 0,
                    op.name());
        }
    }

    @Test
    void binaryOpsI32SaturateAsJavaCasts() {
        Tensor a = Tensors.of(new int[] {Integer.MAX_VALUE, -7, 7, 0, Integer.MIN_VALUE, 3, 46341, -1}, 2, 4);
        Tensor b = Tensors.of(new int[] {1, 2, 0, 0}, 4);
        for (BinaryOp op : BinaryOp.values()) {
            assertAgrees(a.backend().binary(op, a, b), CudaElementwise.binary(k, op, k.upload(a), k.upload(b)), 0, op.name());
        }
        Tensor sq = Tensors.of(new int[] {46341, -46341}, 2);
        assertAgrees(sq.backend().binary(BinaryOp.MUL, sq, sq), CudaElementwise.binary(k, BinaryOp.MUL, k.upload(sq), k.upload(sq)), 0,
                "mul overflow");
    }

    @Test
    void comparisonsAndWhere() {
        Tensor a = data(3, 8);
        Tensor b = data(8);
        Tensor ia = ints(3, 3, 8);
        Tensor ib = ints(3, 8);
        for (CompareOp op : CompareOp.values()) {
            assertAgrees(a.backend().compare(op, a, b), CudaElementwise.compare(k, op, k.upload(a), k.upload(b)), 0, op.name());
            assertAgrees(ia.backend().compare(op, ia, ib), CudaElementwise.compare(k, op, k.upload(ia), k.upload(ib)), 0, op.name() + " i32");
        }
        Tensor fcond = Tensors.of(new float[] {Float.NaN, -0f, 0f, 2f}, 4, 1);
        Tensor icond = ints(2, 1, 8);
        Tensor picked = finite(1, 8);
        assertAgrees(a.backend().where(fcond, picked, b), CudaElementwise.where(k, k.upload(fcond), k.upload(picked), k.upload(b)), 0,
                "where f32 condition");
        Tensor x = finite(4, 8);
        Tensor y = finite(8);
        assertAgrees(x.backend().where(icond, x, y), CudaElementwise.where(k, k.upload(icond), k.upload(x), k.upload(y)), 0,
                "where i32 condition");
    }

    @Test
    void copyConvertsThroughStridesAndFillWritesAView() {
        Tensor src = Tensors.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, -3e9f, 2.7f, -2.7f, 16777217f}, 2, 3);
        Tensor cpuDst = Tensors.zeros(DType.I32, dev.lathe.engine.Device.CPU, 3, 2);
        Tensor devDst = k.upload(cpuDst);
        src.backend().copy(src, transposed(cpuDst));
        CudaElementwise.copy(k, k.upload(src), transposed(devDst));
        assertAgrees(cpuDst, devDst, 0, "copy f32 to i32");
        Tensor ints = Tensors.of(new int[] {16777217, -16777219, 5}, 3);
        Tensor back = k.empty(DType.F32, 3);
        CudaElementwise.copy(k, k.upload(ints), back);
        assertAgrees(ints.to(DType.F32), back, 0, "copy i32 to f32");
        Tensor target = k.upload(finite(4, 5));
        Tensor view = target.view(new int[] {2, 5}, new int[] {5, 1}, 10);
        CudaElementwise.fill(k, view, 0.1);
        float[] filled = k.toHost(target).toFloatArray();
        for (int i = 0; i < 20; i++) {
            assertEquals(i >= 10, filled[i] == 0.1f, "element " + i);
        }
    }

    @Test
    void serialReductionsFollowTheCpuNanAndTieRules() {
        // at most CudaReduce.SERIAL_MAX_LENGTH elements per output: the serial form, which the host can run
        Tensor x = data(2, 3, 4);
        Tensor dx = k.upload(x);
        int[][] axes = {{0}, {1}, {2}, {0, 2}, {}, {0, 1, 2}};
        for (ReduceOp op : ReduceOp.values()) {
            for (int[] a : axes) {
                for (boolean keep : new boolean[] {false, true}) {
                    assertAgrees(x.backend().reduce(op, transposed(x), a, keep), CudaReduce.reduce(k, op, transposed(dx), a, keep), 0,
                            op + " over " + java.util.Arrays.toString(a));
                }
            }
        }
        Tensor zeros = Tensors.of(new float[] {-0f, 0f, 0f, -0f}, 2, 2);
        assertAgrees(zeros.backend().reduce(ReduceOp.MAX, zeros, new int[] {1}, false),
                CudaReduce.reduce(k, ReduceOp.MAX, k.upload(zeros), new int[] {1}, false), 0, "max of signed zeros");
        Tensor ix = ints(100, 3, 7);
        assertAgrees(ix.backend().reduce(ReduceOp.SUM, ix, new int[] {1}, false),
                CudaReduce.reduce(k, ReduceOp.SUM, k.upload(ix), new int[] {1}, false), 0, "i32 sum");
    }

    @Test
    void blockReductionsAgreeWithTheCpu() {
        Tensor x = data(3, 300);
        Tensor dx = k.upload(x);
        for (ReduceOp op : new ReduceOp[] {ReduceOp.MAX, ReduceOp.MIN}) {
            assertAgrees(x.backend().reduce(op, x, new int[] {1}, false), CudaReduce.reduce(k, op, dx, new int[] {1}, false), 0, op.name());
        }
        Tensor signedZeros = Tensors.of(new float[] {-0f, 0f, 0f, -0f, 0f, -0f}, 1, 6).expand(100, 6).reshape(1, 600);
        Tensor zerosCopy = signedZeros.contiguous();
        assertAgrees(zerosCopy.backend().reduce(ReduceOp.MAX, zerosCopy, new int[] {1}, false),
                CudaReduce.reduce(k, ReduceOp.MAX, k.upload(zerosCopy), new int[] {1}, false), 0, "the first of equal zeros");
        Tensor y = finite(5, 130);
        Tensor sum = k.toHost(CudaReduce.reduce(k, ReduceOp.SUM, transposed(k.upload(y)), new int[] {0}, true));
        double[] expected = y.backend().reduce(ReduceOp.SUM, transposed(y), new int[] {0}, true).toDoubleArray();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], sum.toFloatArray()[i], Math.ulp((float) expected[i]), "sum " + i);
        }
        Tensor z = data(2, 500);
        assertAgrees(z.backend().argmax(z, 1, false), CudaReduce.argmax(k, k.upload(z), 1, false), 0, "argmax with NaN");
        Tensor w = finite(2, 500);
        assertAgrees(w.backend().argmax(w, 1, false), CudaReduce.argmax(k, k.upload(w), 1, false), 0, "argmax");
        Tensor ints = ints(3, 2, 400);
        assertAgrees(ints.backend().argmax(ints, 1, true), CudaReduce.argmax(k, k.upload(ints), 1, true), 0, "argmax of ties");
        assertAgrees(ints.backend().reduce(ReduceOp.SUM, ints, new int[] {1}, false),
                CudaReduce.reduce(k, ReduceOp.SUM, k.upload(ints), new int[] {1}, false), 0, "i32 sum");
    }

    @Test
    void argmaxPicksTheFirstMaximumOrTheFirstNan() {
        Tensor x = Tensors.of(new float[] {1, 3, 3, 2, Float.NaN, 5, Float.NaN, 0, -1, -1, -1, -1}, 3, 4);
        for (int axis : new int[] {0, 1}) {
            assertAgrees(x.backend().argmax(x, axis, false), CudaReduce.argmax(k, k.upload(x), axis, false), 0, "argmax axis " + axis);
        }
        Tensor y = data(5, 6);
        assertAgrees(y.backend().argmax(y, 0, true), CudaReduce.argmax(k, k.upload(y), 0, true), 0, "argmax of specials");
    }

    @Test
    void embeddingLookupAndItsGradient() {
        Tensor table = finite(4, 10);
        Tensor dTable = transposed(k.upload(table));
        Tensor ids = Tensors.of(new int[] {3, 9, 3, 0, 3, 1}, 2, 3);
        assertAgrees(table.backend().indexSelect(transposed(table), 0, ids), CudaIndexing.indexSelect(k, dTable, 0, k.upload(ids)), 0,
                "index_select");
        Tensor labels = ints(50, 6, 2);
        assertAgrees(labels.backend().indexSelect(labels, 1, Tensors.of(new int[] {1, 1, 0}, 3)),
                CudaIndexing.indexSelect(k, k.upload(labels), 1, k.upload(Tensors.of(new int[] {1, 1, 0}, 3))), 0, "index_select i32");
        Tensor grad = finite(2, 3, 4);
        assertAgrees(grad.backend().indexAdd(new int[] {10, 4}, 0, ids, grad),
                CudaIndexing.indexAdd(k, new int[] {10, 4}, 0, k.upload(ids), k.upload(grad)), 0, "index_add with repeats");
        Tensor mid = finite(3, 6, 2);
        Tensor sel = Tensors.of(new int[] {5, 5, 0, 2}, 4);
        assertAgrees(mid.backend().indexAdd(new int[] {3, 6, 2}, 1, sel, mid.backend().indexSelect(mid, 1, sel)),
                CudaIndexing.indexAdd(k, new int[] {3, 6, 2}, 1, k.upload(sel), CudaIndexing.indexSelect(k, k.upload(mid), 1, k.upload(sel))),
                0, "index_add along a middle dimension");
        assertEquals(0, k.errorWords()[0]);
    }

    @Test
    void gatherAndScatterAddOnViewsWithRepeats() {
        Tensor x = finite(4, 5);
        Tensor dx = k.upload(x);
        Tensor idx1 = ints(5, 4, 3);
        assertAgrees(x.backend().gather(x, 1, idx1), CudaIndexing.gather(k, dx, 1, k.upload(idx1)), 0, "gather dim 1");
        Tensor idx = ints(4, 3, 4);
        assertAgrees(x.backend().gather(transposed(x), 0, idx), CudaIndexing.gather(k, transposed(dx), 0, k.upload(idx)), 0,
                "gather on a transposed view");
        Tensor repeats = Tensors.of(new int[] {1, 1, 4, 0, 0, 0, 2, 3, 2}, 3, 3);
        Tensor src = finite(3, 3);
        assertAgrees(src.backend().scatterAdd(new int[] {4, 5}, 1, repeats, src),
                CudaIndexing.scatterAdd(k, new int[] {4, 5}, 1, k.upload(repeats), k.upload(src)), 0, "scatter_add dim 1");
        Tensor idx0 = ints(4, 5, 2);
        Tensor src0 = finite(2, 5);
        assertAgrees(src0.backend().scatterAdd(new int[] {4, 2}, 0, idx0, transposed(src0)),
                CudaIndexing.scatterAdd(k, new int[] {4, 2}, 0, k.upload(idx0), transposed(k.upload(src0))), 0, "scatter_add dim 0 of a view");
        assertEquals(0, k.errorWords()[0]);
    }

    @Test
    void anOutOfRangeIndexIsReportedNotFollowed() {
        Tensor table = k.upload(finite(10, 4));
        Tensor out = CudaIndexing.indexSelect(k, table, 0, k.upload(Tensors.of(new int[] {2, 12, -1}, 3)));
        int[] words = k.errorWords();
        assertTrue(DeviceErrors.isSet(words));
        String message = DeviceErrors.error(words).getMessage();
        assertTrue(message.startsWith("index_select: index 12 is out of range for a dimension of size 10 "), message);
        float[] rows = k.toHost(out).toFloatArray();
        for (int i = 4; i < 12; i++) {
            assertEquals(0f, rows[i], "a bad index reads as 0");
        }
        CudaIndexing.gather(k, table, 1, k.upload(Tensors.of(new int[] {7}, 1, 1)));
        assertEquals(1, k.errorWords()[0], "the first report stays");
    }

    @Test
    void maxPoolingValuesIndicesAndGradient() {
        Tensor x = data(2, 3, 7, 7);
        Tensor dx = k.upload(x);
        for (Pool2dParams p : new Pool2dParams[] {Pool2dParams.of(2), new Pool2dParams(3, 3, 2, 2, 1, 1, true),
                new Pool2dParams(2, 3, 1, 2, 1, 0, true)}) {
            PoolResult cpu = x.backend().maxPool2d(x, p);
            PoolResult gpu = CudaPooling.maxPool2d(k, dx, p);
            assertAgrees(cpu.output(), gpu.output(), 0, "max_pool2d " + p);
            assertAgrees(cpu.indices(), gpu.indices(), 0, "max_pool2d indices " + p);
            Tensor g = finite(cpu.output().shape());
            assertAgrees(x.backend().maxPool2dBackward(g, cpu.indices(), x.shape()),
                    CudaPooling.maxPool2dBackward(k, k.upload(g), gpu.indices(), x.shape()), 0, "max_pool2d backward " + p);
        }
        Tensor ties = Tensors.of(new float[] {1, 1, 1, 1}, 1, 1, 2, 2);
        assertAgrees(ties.backend().maxPool2d(ties, Pool2dParams.of(2)).indices(),
                CudaPooling.maxPool2d(k, k.upload(ties), Pool2dParams.of(2)).indices(), 0, "first of equal maxima");
    }

    @Test
    void averagePoolingWithAndWithoutPaddingInTheCount() {
        Tensor x = finite(2, 2, 7, 6);
        Tensor dx = k.upload(x);
        for (Pool2dParams p : new Pool2dParams[] {Pool2dParams.of(2), new Pool2dParams(3, 3, 2, 2, 1, 1, true),
                new Pool2dParams(3, 3, 2, 2, 1, 1, false), new Pool2dParams(2, 4, 3, 1, 1, 2, false)}) {
            Tensor cpu = x.backend().avgPool2d(x, p);
            assertAgrees(cpu, CudaPooling.avgPool2d(k, dx, p), 0, "avg_pool2d " + p);
            Tensor g = finite(cpu.shape());
            assertAgrees(x.backend().avgPool2dBackward(g, x.shape(), p), CudaPooling.avgPool2dBackward(k, k.upload(g), x.shape(), p), 0,
                    "avg_pool2d backward " + p);
        }
    }

    @Test
    void adamMatchesTheCpuBitForBit() {
        for (boolean decoupled : new boolean[] {false, true}) {
            Tensor w = finite(37);
            Tensor g = finite(37);
            Tensor m = finite(37);
            Tensor v = finite(37).mul(finite(37));
            assertAdamAgrees(w, g, m, v, new AdamStep(1e-3, 0.9, 0.999, 1e-8, 0.01, decoupled, 3));
        }
    }

    /** One Adam step on the CPU and on the host-compiled kernel from the same state; the CPU's tensors keep the result. */
    private void assertAdamAgrees(Tensor w, Tensor g, Tensor m, Tensor v, AdamStep step) {
        Tensor dw = k.upload(w);
        Tensor dg = k.upload(g);
        Tensor dm = k.upload(m);
        Tensor dv = k.upload(v);
        w.backend().adamUpdate(w, g, m, v, step);
        CudaOptim.adamUpdate(k, dw, dg, dm, dv, step);
        assertAgrees(w, dw, 0, "weight");
        assertAgrees(m, dm, 0, "first moment");
        assertAgrees(v, dv, 0, "second moment");
    }

    @Test
    void adamFlushesMomentsThatDecayBelowTheNormalRangeAsTheCpuDoes() {
        // zero gradients: each step scales the moments by beta, from the edge of the normal range down
        float[] moments = {1.3e-38f, -1.3e-38f, 1.2e-38f, 2e-38f, 5e-39f, 1f};
        Tensor w = Tensors.of(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, 6);
        Tensor g = Tensors.of(new float[6], 6);
        Tensor m = Tensors.of(moments, 6);
        Tensor v = Tensors.of(new float[] {1.3e-38f, 1.25e-38f, 1e-30f, 2e-38f, 5e-39f, 1f}, 6);
        assertAdamAgrees(w, g, m, v, new AdamStep(1e-3, 0.9, 0.999, 1e-8, 0, false, 5));
        float[] first = m.toFloatArray();
        float[] second = v.toFloatArray();
        assertEquals(0f, first[0], "0.9 * 1.3e-38 is subnormal");
        assertEquals(0f, first[1]);
        assertEquals(0f, first[4], "a subnormal moment stays flushed");
        assertEquals(0.9f * 2e-38f, first[3], "1.8e-38 is still normal");
        assertEquals(0f, second[4]);
        assertEquals(0.999f * 1.3e-38f, second[0], "0.999 * 1.3e-38 is still normal");
    }

    @Test
    void philoxMatchesTheRandom123KnownAnswers() throws Exception {
        int[][] cases = {{0, 0, 0, 0, 0, 0}, {-1, -1, -1, -1, -1, -1},
                {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0}};
        int[][] answers = {{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
                {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}};
        for (int c = 0; c < cases.length; c++) {
            Tensor out = k.empty(DType.I32, 4);
            KernelArg[] args = new KernelArg[7];
            args[0] = KernelArg.of(out);
            for (int i = 0; i < 6; i++) {
                args[i + 1] = KernelArg.of(cases[c][i]);
            }
            k.call("philox4x32_10", 1, args);
            assertArrayEquals(answers[c], k.toHost(out).toIntArray(), "known-answer vector " + c);
        }
    }

    @Test
    void randomFillsAreReproducibleAndDistributedAsAsked() {
        Tensor u1 = k.toHost(CudaRandom.uniform(k, DType.F32, new int[] {4001}, -2, 3, new Generator(5)));
        Tensor u2 = k.toHost(CudaRandom.uniform(k, DType.F32, new int[] {4001}, -2, 3, new Generator(5)));
        assertArrayEquals(u1.toFloatArray(), u2.toFloatArray(), "one seed, one stream");
        assertNotEquals(u1.toFloatArray()[0], k.toHost(CudaRandom.uniform(k, DType.F32, new int[] {1}, -2, 3, new Generator(6))).toFloatArray()[0]);
        double mean = 0;
        for (float v : u1.toFloatArray()) {
            assertTrue(v >= -2 && v < 3, "uniform value " + v);
            mean += v / 4001.0;
        }
        assertEquals(0.5, mean, 0.1);
        float[] z = k.toHost(CudaRandom.normal(k, DType.F32, new int[] {4003}, 1, 2, new Generator(5))).toFloatArray();
        double zm = 0;
        double zs = 0;
        for (float v : z) {
            zm += v / z.length;
        }
        for (float v : z) {
            zs += (v - zm) * (v - zm) / z.length;
        }
        assertEquals(1, zm, 0.1);
        assertEquals(2, Math.sqrt(zs), 0.1);
        Generator g = new Generator(9);
        for (double p : new double[] {0, 1, 0.3}) {
            float[] b = k.toHost(CudaRandom.bernoulli(k, DType.F32, new int[] {4000}, p, g)).toFloatArray();
            int ones = 0;
            for (float v : b) {
                assertTrue(v == 0f || v == 1f);
                ones += (int) v;
            }
            assertEquals(p, ones / (double) b.length, p == 0.3 ? 0.03 : 0);
        }
    }
}
