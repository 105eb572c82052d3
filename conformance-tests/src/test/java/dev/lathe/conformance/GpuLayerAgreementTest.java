package dev.lathe.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.layers.Flow;
import dev.lathe.layers.spec.Model;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every layer type a spec can name (the cases of {@link SpecLayerGradTest}), run in F32 on the CPU
 * and on the GPU from the same initial weights and inputs: outputs, the input's gradient and every
 * parameter's gradient must agree. Backward runs on Σ output · upstream with a seeded upstream.
 */
class GpuLayerAgreementTest {

    @TestFactory
    Stream<DynamicTest> everySpecLayerAgreesWithTheCpu() {
        return cases("cpu vs gpu: ", () -> SecondDevice.require());
    }

    /** The same cases CPU against CPU, so they are known to be valid before a GPU ever sees them. */
    @TestFactory
    Stream<DynamicTest> everyCaseRunsOnTheCpu() {
        return cases("cpu vs cpu: ", () -> Device.CPU);
    }

    private interface DeviceChoice {
        Device get();
    }

    private static Stream<DynamicTest> cases(String prefix, DeviceChoice other) {
        return SpecLayerGradTest.CASES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> DynamicTest.dynamicTest(prefix + e.getKey(), () -> runOnBoth(e.getKey(), e.getValue(), other.get())));
    }

    private static void runOnBoth(String name, SpecLayerGradTest.Case c, Device other) {
        try (MemoryScope scope = MemoryScope.open(); Model onCpu = SpecLayerGradTest.build(name, c);
             Model onOther = SpecLayerGradTest.build(name, c)) {
            onOther.network().to(other);
            Tensor input = c.tokenIds() ? Tensors.of(SpecLayerGradTest.IDS, 3, 4) : randomInput(onCpu);
            Map<String, double[]> expected = pass(onCpu, input, c.tokenIds());
            Map<String, double[]> actual = pass(onOther, input.to(other), c.tokenIds());
            assertArrayEquals(expected.keySet().toArray(), actual.keySet().toArray(), name + ": different results");
            expected.forEach((what, values) -> assertClose(name + " " + what, values, actual.get(what)));
        }
    }

    private static Tensor randomInput(Model model) {
        int[] sample = model.spec().input().shape();
        int[] batch = new int[sample.length + 1];
        batch[0] = 3;
        System.arraycopy(sample, 0, batch, 1, sample.length);
        return Tensors.uniform(-2, 2, DType.F32, Device.CPU, new Generator(7), batch);
    }

    /** Forward and backward on the model's device; returns the output and every gradient, on the host. */
    private static Map<String, double[]> pass(Model model, Tensor input, boolean tokenIds) {
        Tensor x = tokenIds ? input : Tensors.copyOf(input).requiresGrad(true);
        Tensor out = tokenIds ? model.forward(new Flow(x, null, null)).values() : model.forward(x);
        Tensor upstream = Tensors.uniform(-1, 1, DType.F32, Device.CPU, new Generator(11), out.shape()).to(x.device());
        out.mul(upstream).sum().backward();
        Map<String, double[]> results = new LinkedHashMap<>();
        results.put("output", out.to(Device.CPU).toDoubleArray());
        if (!tokenIds) {
            results.put("input gradient", x.grad().to(Device.CPU).toDoubleArray());
        }
        model.network().namedParameters().forEach((name, p) -> {
            if (p.value().grad() != null) {
                results.put(name + " gradient", p.value().grad().to(Device.CPU).toDoubleArray());
            }
        });
        return results;
    }

    /** F32 on both sides, summed in different orders: the tolerance scales with the magnitude. */
    private static void assertClose(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what + ": sizes differ");
        for (int i = 0; i < expected.length; i++) {
            double tolerance = 1e-4 * (1 + Math.abs(expected[i]));
            boolean bothNaN = Double.isNaN(expected[i]) && Double.isNaN(actual[i]);
            if (!bothNaN && !(Math.abs(expected[i] - actual[i]) <= tolerance)) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + " on the second device but " + expected[i]
                        + " on the CPU");
            }
        }
    }
}
