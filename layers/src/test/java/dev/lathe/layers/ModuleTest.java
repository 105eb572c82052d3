package dev.lathe.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Generator;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Storage;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {

    private static Sequential mlp(long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(2, 3, true, g), new Linear(3, 1, true, g));
    }

    @Test
    void namesFollowTorchSequential() {
        try (Sequential model = mlp(1)) {
            assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), List.copyOf(model.namedParameters().keySet()));
            assertEquals(13, model.parameterCount());
            assertArrayEquals(new int[] {3, 2}, model.stateDict().get("0.weight").shape());
            assertArrayEquals(new int[] {4, 1}, model.outputShape(new int[] {4, 2}));
        }
    }

    @Test
    void defaultInitIsUniformWithinOneOverSqrtFanIn() {
        try (Linear layer = new Linear(400, 50, true, new Generator(7))) {
            float[] w = layer.weight().value().toFloatArray();
            double bound = 1 / Math.sqrt(400);
            double max = 0;
            double sum = 0;
            for (float v : w) {
                max = Math.max(max, Math.abs(v));
                sum += v;
            }
            assertTrue(max <= bound, "max " + max);
            assertTrue(max > 0.95 * bound, "max " + max + " should approach the bound");
            assertTrue(Math.abs(sum / w.length) < 0.005, "mean " + sum / w.length);
        }
    }

    @Test
    void sameSeedSameWeights() {
        try (Sequential a = mlp(5); Sequential b = mlp(5); Sequential c = mlp(6)) {
            assertArrayEquals(a.stateDict().get("1.weight").toFloatArray(), b.stateDict().get("1.weight").toFloatArray());
            assertFalse(java.util.Arrays.equals(a.stateDict().get("1.weight").toFloatArray(), c.stateDict().get("1.weight").toFloatArray()));
        }
    }

    @Test
    void loadStateDictCopiesValuesAndChecksNamesAndShapes() {
        try (Sequential a = mlp(1); Sequential b = mlp(2)) {
            b.loadStateDict(a.stateDict(), true);
            assertArrayEquals(a.stateDict().get("0.weight").toFloatArray(), b.stateDict().get("0.weight").toFloatArray());
            try (Tensor wrong = Tensors.zeros(3, 3)) {
                InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> b.loadStateDict(Map.of("0.weight", wrong), false));
                assertTrue(e.getMessage().contains("'0.weight' has shape [3, 3]"), e.getMessage());
            }
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> b.loadStateDict(Map.of(), true));
            assertTrue(e.getMessage().contains("missing [0.weight, 0.bias, 1.weight, 1.bias]"), e.getMessage());
        }
    }

    @Test
    void trainEvalPropagatesAndDtypeConverts() {
        try (Sequential model = mlp(1)) {
            model.eval();
            assertFalse(model.layerList().get(0).isTraining());
            model.train(true);
            assertTrue(model.layerList().get(1).isTraining());
            model.to(DType.F64);
            assertEquals(DType.F64, model.stateDict().get("1.bias").dtype());
            assertTrue(model.stateDict().get("1.bias").requiresGrad());
        }
    }

    @Test
    void parametersSurviveTheScopeTheyWereMadeInAndCloseWithTheModule() {
        long before = Storage.liveCount();
        Sequential model;
        try (MemoryScope scope = MemoryScope.open()) {
            model = mlp(3);
            try (Tensor x = Tensors.ones(8, 2)) {
                model.forward(x).sum().backward();
            }
        }
        assertEquals(4, model.parameters().stream().filter(p -> p.grad() != null).count());
        model.close();
        assertEquals(before, Storage.liveCount());
    }

    @Test
    void generatorsAreCollectedAndReseedingRepeatsTheDropoutMask() {
        Generator g = new Generator(9);
        try (Sequential model = new Sequential(new Linear(4, 4, true, g), new Dropout(0.5, g.split()), new Dropout(0.5, g.split()));
             Tensor x = Tensors.ones(8, 4)) {
            assertEquals(2, model.generators().size());
            model.generators().forEach(r -> r.reseed(42));
            float[] first = model.forward(x).toFloatArray();
            float[] second = model.forward(x).toFloatArray();
            model.generators().forEach(r -> r.reseed(42));
            float[] again = model.forward(x).toFloatArray();
            assertArrayEquals(first, again);
            assertFalse(java.util.Arrays.equals(first, second), "the stream moves on between steps");
        }
    }
}
