package dev.lathe.layers.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SpecReaderTest {

    @Test
    void readsShorthandsAndObjectsForTheSameField() {
        ModelSpec spec = SpecReader.parse("""
                {"name": "m", "input": {"shape": [1, 8, 8]}, "layers": [
                  {"type": "conv2d", "filters": 2, "kernel_size": [3, 5], "padding": "same", "weight_init": "glorot_uniform",
                   "bias_init": {"type": "uniform", "limit": 0.1}},
                  {"type": "max_pool2d", "kernel_size": 2, "padding": [1, 0]},
                  {"type": "leaky_relu", "negative_slope": 0.2},
                  {"type": "gru", "hidden_size": 3}],
                 "training": {"loss": {"type": "cross_entropy", "label_smoothing": 0.1},
                              "optimizer": {"type": "adamw", "lr": 0.001, "betas": [0.9, 0.98]}, "batch_size": 8, "epochs": 2}}
                """, "m.json");
        LayerSpec.Conv2d conv = (LayerSpec.Conv2d) spec.layers().get(0);
        assertEquals(new Size2(3, 5), conv.kernelSize());
        assertEquals(PaddingSpec.SAME, conv.padding().mode());
        assertEquals(InitSpec.Kind.GLOROT_UNIFORM, conv.weightInit().type());
        assertEquals(0.1, conv.biasInit().limit());
        assertEquals(new Size2(2, 2), ((LayerSpec.MaxPool2d) spec.layers().get(1)).kernelSize());
        assertEquals(new Size2(1, 0), ((LayerSpec.MaxPool2d) spec.layers().get(1)).padding());
        assertEquals("leaky_relu", ((LayerSpec.Activation) spec.layers().get(2)).type());
        assertEquals("gru", ((LayerSpec.Recurrent) spec.layers().get(3)).type());
        assertNull(spec.layers().get(3).name());
        assertEquals(LossSpec.Kind.CROSS_ENTROPY, spec.training().loss().type());
        assertEquals(0.1, spec.training().loss().labelSmoothing());
        assertEquals(OptimizerSpec.Kind.ADAMW, spec.training().optimizer().type());
        assertArrayEquals(new double[] {0.9, 0.98}, spec.training().optimizer().betas());
        assertEquals(0L, spec.seedOrDefault());
        assertEquals(InputSpec.ValueType.FLOAT32, spec.input().dtypeOrDefault());
    }

    @Test
    void errorsCarryTheJsonPathApart() {
        SpecException e = assertThrows(SpecException.class, () -> SpecReader.parse(
                "{\"name\": \"m\", \"input\": {\"shape\": [4]}, \"layers\": [{\"type\": \"linear\", \"units\": 2, \"bias_init\": {\"type\": \"uniform\", \"lim\": 1}}]}",
                "m.json"));
        assertEquals("$.layers[0].bias_init.lim", e.jsonPath());
        assertEquals("m.json: $.layers[0].bias_init.lim: unknown field 'lim' (allowed: limit, std, type, value)", e.getMessage());
    }

    @Test
    void duplicateKeysAreErrors() {
        SpecException e = assertThrows(SpecException.class, () -> SpecReader.parse(
                "{\"name\": \"m\", \"name\": \"n\", \"input\": {\"shape\": [4]}, \"layers\": [{\"type\": \"relu\"}]}", "m.json"));
        assertEquals("m.json: $: malformed JSON at line 1, column 21: Duplicate field 'name'", e.getMessage());
    }
}
