package dev.lathe.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.backend.AdamStep;
import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.backend.Backends;
import dev.lathe.engine.backend.BinaryOp;
import dev.lathe.engine.backend.CompareOp;
import dev.lathe.engine.backend.Conv2dParams;
import dev.lathe.engine.backend.LayerNormOutput;
import dev.lathe.engine.backend.Pool2dParams;
import dev.lathe.engine.backend.ReduceOp;
import dev.lathe.engine.backend.UnaryOp;
import dev.lathe.engine.ops.Views;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every primitive run on the CPU and on each other backend found, in F32 on the same random
 * inputs. Without a GPU each check reports itself skipped with the reason.
 */
class BackendAgreementTest {

    /** One primitive applied through a backend to inputs already on that backend's device. */
    private record Primitive(String name, int[][] shapes, BiFunction<Backend, Tensor[], Tensor> apply) {
    }

    private static int[] s(int... shape) {
        return shape;
    }

    private static List<Primitive> primitives() {
        List<Primitive> list = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            list.add(new Primitive("unary " + op, new int[][] {s(7, 33)}, (b, x) -> b.unary(op, positiveFor(op, b, x[0]))));
        }
        for (BinaryOp op : BinaryOp.values()) {
            list.add(new Primitive("binary " + op + " broadcast", new int[][] {s(5, 1, 9), s(4, 9)},
                    (b, x) -> b.binary(op, op == BinaryOp.POW ? b.unary(UnaryOp.ABS, x[0]) : x[0], x[1])));
        }
        for (CompareOp op : CompareOp.values()) {
            list.add(new Primitive("compare " + op, new int[][] {s(6, 8), s(8)}, (b, x) -> b.compare(op, x[0], x[1])));
        }
        list.add(new Primitive("where", new int[][] {s(6, 8), s(6, 8), s(8)},
                (b, x) -> b.where(b.compare(CompareOp.GT, x[0], x[1]), x[1], x[2])));
        for (ReduceOp op : ReduceOp.values()) {
            list.add(new Primitive("reduce " + op, new int[][] {s(4, 50, 6)}, (b, x) -> b.reduce(op, x[0], new int[] {0, 2}, false)));
        }
        list.add(new Primitive("argmax", new int[][] {s(9, 40)}, (b, x) -> b.argmax(x[0], 1, false)));
        list.add(new Primitive("matmul batched, transposed", new int[][] {s(3, 40, 24), s(33, 40)},
                (b, x) -> b.matmul(x[0].transpose(1, 2), x[1].transpose(0, 1))));
        Conv2dParams conv = new Conv2dParams(2, 1, 1, 1, 1, 2, 2);
        list.add(new Primitive("conv2d", new int[][] {s(3, 4, 11, 9), s(6, 2, 3, 3)}, (b, x) -> b.conv2d(x[0], x[1], conv)));
        list.add(new Primitive("conv2d backward data", new int[][] {s(3, 6, 6, 7), s(6, 2, 3, 3)},
                (b, x) -> b.conv2dBackwardData(x[0], x[1], new int[] {3, 4, 11, 9}, conv)));
        list.add(new Primitive("conv2d backward filter", new int[][] {s(3, 4, 11, 9), s(3, 6, 6, 7)},
                (b, x) -> b.conv2dBackwardFilter(x[0], x[1], new int[] {6, 2, 3, 3}, conv)));
        Pool2dParams pool = new Pool2dParams(3, 3, 2, 2, 1, 1, false);
        list.add(new Primitive("max_pool2d", new int[][] {s(2, 3, 9, 8)}, (b, x) -> b.maxPool2d(x[0], pool).output()));
        list.add(new Primitive("max_pool2d backward", new int[][] {s(2, 3, 9, 8), s(2, 3, 5, 4)},
                (b, x) -> b.maxPool2dBackward(x[1], b.maxPool2d(x[0], pool).indices(), x[0].shape())));
        list.add(new Primitive("avg_pool2d", new int[][] {s(2, 3, 9, 8)}, (b, x) -> b.avgPool2d(x[0], pool)));
        list.add(new Primitive("avg_pool2d backward", new int[][] {s(2, 3, 5, 4)},
                (b, x) -> b.avgPool2dBackward(x[0], new int[] {2, 3, 9, 8}, pool)));
        int[] tokens = {3, 0, 7, 7, 1, 5};
        list.add(new Primitive("index_select", new int[][] {s(8, 5)}, (b, x) -> b.indexSelect(x[0], 0, b.fromArray(tokens, 2, 3))));
        list.add(new Primitive("embedding_bag_sum", new int[][] {s(8, 5)}, (b, x) -> b.embeddingBagSum(x[0], b.fromArray(tokens, 2, 3))));
        list.add(new Primitive("index_add", new int[][] {s(2, 3, 5)}, (b, x) -> b.indexAdd(new int[] {8, 5}, 0, b.fromArray(tokens, 2, 3), x[0])));
        int[] picks = {1, 0, 2, 2, 0, 1};
        list.add(new Primitive("gather", new int[][] {s(3, 4)}, (b, x) -> b.gather(x[0], 1, b.fromArray(picks, 3, 2))));
        list.add(new Primitive("scatter_add", new int[][] {s(3, 2)}, (b, x) -> b.scatterAdd(new int[] {3, 4}, 1, b.fromArray(picks, 3, 2), x[0])));
        list.add(new Primitive("copy strided", new int[][] {s(6, 10)}, (b, x) -> {
            Tensor out = b.empty(DType.F32, 10, 3);
            b.copy(x[0].narrow(0, 2, 3).transpose(0, 1), out);
            return out;
        }));
        for (boolean log : new boolean[] {false, true}) {
            String name = log ? "log_softmax" : "softmax";
            list.add(new Primitive(name, new int[][] {s(3, 5, 40)}, (b, x) -> b.softmax(x[0], log)));
            list.add(new Primitive(name + " backward", new int[][] {s(3, 5, 40), s(3, 5, 40)},
                    (b, x) -> b.softmaxBackward(b.softmax(x[0], log), x[1], log)));
        }
        list.add(new Primitive("layer_norm", new int[][] {s(3, 5, 40), s(40), s(40)},
                (b, x) -> b.layerNorm(x[0], x[1], x[2], 1e-5).output()));
        list.add(new Primitive("layer_norm mean and rstd", new int[][] {s(7, 33)}, (b, x) -> {
            LayerNormOutput f = b.layerNorm(x[0], null, null, 1e-5);
            return Views.cat(List.of(f.mean(), f.rstd()), 0);
        }));
        list.add(new Primitive("layer_norm backward", new int[][] {s(3, 5, 40), s(3, 5, 40), s(40)},
                (b, x) -> b.layerNormBackward(x[0], x[1], x[2], b.layerNorm(x[0], x[2], null, 1e-5))));
        list.add(new Primitive("layer_norm parameter gradients", new int[][] {s(3, 5, 40), s(3, 5, 40)}, (b, x) -> {
            Tensor[] grads = b.layerNormParamsBackward(x[0], x[1], b.layerNorm(x[0], null, null, 1e-5), true, true);
            return Views.cat(List.of(grads[0], grads[1]), 0);
        }));
        list.add(new Primitive("lstm_cell", new int[][] {s(5, 4 * 33), s(5, 33)}, (b, x) -> b.lstmCell(x[0], x[1])));
        list.add(new Primitive("lstm_cell backward", new int[][] {s(5, 2 * 33), s(5, 4 * 33), s(5, 33)}, (b, x) -> {
            Tensor[] grads = b.lstmCellBackward(x[0], x[1], x[2]);
            return Views.cat(List.of(grads[0], grads[1]), 1);
        }));
        AdamStep adam = new AdamStep(0.01, 0.9, 0.999, 1e-8, 0.1, false, 3);
        list.add(new Primitive("adam update", new int[][] {s(5, 37), s(5, 37), s(5, 37), s(5, 37)}, (b, x) -> {
            // Fresh copies: the update writes in place, and both sides may share the CPU inputs.
            Tensor value = copyOf(b, x[0]);
            Tensor expAvg = copyOf(b, x[2]);
            Tensor expAvgSq = b.unary(UnaryOp.ABS, x[3]);
            b.adamUpdate(value, x[1], expAvg, expAvgSq, adam);
            Tensor out = b.empty(DType.F32, 3, 5, 37);
            Tensor[] updated = {value, expAvg, expAvgSq};
            for (int i = 0; i < updated.length; i++) {
                b.copy(updated[i], out.narrow(0, i, 1).squeeze(0));
            }
            return out;
        }));
        return list;
    }

    private static Tensor copyOf(Backend b, Tensor x) {
        Tensor out = b.empty(x.dtype(), x.shape());
        b.copy(x, out);
        return out;
    }

    private static Tensor positiveFor(UnaryOp op, Backend b, Tensor x) {
        boolean needsPositive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RECIPROCAL;
        return needsPositive ? b.binary(BinaryOp.ADD, b.unary(UnaryOp.ABS, x), b.fromArray(new float[] {0.1f})) : x;
    }

    @TestFactory
    Stream<DynamicTest> everyPrimitiveAgreesWithTheCpu() {
        return primitives().stream().map(p -> DynamicTest.dynamicTest("cpu vs gpu: " + p.name(),
                () -> runOnBoth(p, SecondDevice.require())));
    }

    /** Runs every case CPU against CPU, so the cases themselves are known to be valid before a GPU ever sees them. */
    @TestFactory
    Stream<DynamicTest> everyCaseRunsOnTheCpu() {
        return primitives().stream().map(p -> DynamicTest.dynamicTest("cpu vs cpu: " + p.name(), () -> runOnBoth(p, Device.CPU)));
    }

    private static void runOnBoth(Primitive p, Device other) {
        try (MemoryScope scope = MemoryScope.open()) {
            Generator g = new Generator(p.name().hashCode());
            Tensor[] onCpu = new Tensor[p.shapes().length];
            Tensor[] onOther = new Tensor[onCpu.length];
            for (int i = 0; i < onCpu.length; i++) {
                onCpu[i] = Tensors.uniform(-2, 2, DType.F32, Device.CPU, g, p.shapes()[i]);
                onOther[i] = onCpu[i].to(other);
            }
            Tensor expected = p.apply().apply(Backends.cpu(), onCpu);
            Tensor actual = p.apply().apply(Backends.of(other), onOther);
            assertArrayEquals(expected.shape(), actual.shape(), p.name() + ": shapes differ");
            assertEquals(expected.dtype(), actual.dtype(), p.name() + ": dtypes differ");
            assertClose(p.name(), expected.toDoubleArray(), actual.to(Device.CPU).toDoubleArray());
        }
    }

    /** F32 results may differ by accumulation order: tolerance scales with magnitude. */
    private static void assertClose(String name, double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            double tolerance = 1e-4 * (1 + Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - actual[i]) <= tolerance) && !(Double.isNaN(expected[i]) && Double.isNaN(actual[i]))) {
                throw new AssertionError(name + ": element " + i + " is " + actual[i] + " on the GPU but " + expected[i] + " on the CPU");
            }
        }
    }
}
