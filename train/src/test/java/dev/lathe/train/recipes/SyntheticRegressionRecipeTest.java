package dev.lathe.train.recipes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.Device;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.MemoryScope;
import dev.lathe.train.data.ArrayDataset;
import dev.lathe.train.data.Batch;
import dev.lathe.train.data.Splits;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticRegressionRecipeTest {

    private static float[][] all(ArrayDataset data) {
        int[] indices = new int[data.size()];
        Arrays.setAll(indices, i -> i);
        try (MemoryScope scope = MemoryScope.open()) {
            Batch batch = data.batch(indices, Device.CPU, false);
            assertArrayEquals(new int[] {data.size(), 1}, batch.targets().shape());
            return new float[][] {batch.inputs().toFloatArray(), batch.targets().toFloatArray()};
        }
    }

    @Test
    void defaultIs512SamplesSplit410To102() {
        Splits<ArrayDataset> splits = new SyntheticRegressionRecipe().load(RecipeOptions.defaults());
        assertEquals(410, splits.train().size());
        assertEquals(102, splits.test().size());
        assertArrayEquals(new int[] {2}, splits.train().sampleShape());
        assertFalse(splits.train().hasClasses());
    }

    @Test
    void targetsFollowTheFunctionWithSmallNoise() {
        float[][] data = all(new SyntheticRegressionRecipe().load(RecipeOptions.defaults().withSamples(4000)).train());
        float[] x = data[0];
        float[] y = data[1];
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < y.length; i++) {
            assertTrue(x[2 * i] >= -1 && x[2 * i] < 1 && x[2 * i + 1] >= -1 && x[2 * i + 1] < 1);
            double residual = y[i] - (Math.sin(2 * x[2 * i]) + 0.5 * x[2 * i + 1] * x[2 * i + 1]);
            sum += residual;
            sumSquares += residual * residual;
        }
        double mean = sum / y.length;
        double sd = Math.sqrt(sumSquares / y.length - mean * mean);
        // 0.1 ε with ε standard normal: mean 0 (standard error 0.0016), standard deviation 0.1
        assertEquals(0, mean, 0.008);
        assertEquals(0.1, sd, 0.005);
    }

    @Test
    void theSeedFixesTheData() {
        SyntheticRegressionRecipe recipe = new SyntheticRegressionRecipe();
        float[][] a = all(recipe.load(RecipeOptions.defaults()).test());
        float[][] b = all(recipe.load(RecipeOptions.defaults().withSplitSeed(0)).test());
        float[][] c = all(recipe.load(RecipeOptions.defaults().withSplitSeed(1)).test());
        assertArrayEquals(a[0], b[0]);
        assertArrayEquals(a[1], b[1]);
        assertFalse(Arrays.equals(a[0], c[0]));
    }

    @Test
    void optionsAreChecked() {
        SyntheticRegressionRecipe recipe = new SyntheticRegressionRecipe();
        assertEquals(25, recipe.load(RecipeOptions.defaults().withSamples(100).withTestFraction(0.25)).test().size());
        assertThrows(InvalidInputException.class, () -> recipe.load(RecipeOptions.defaults().withSamples(1)));
        assertThrows(InvalidInputException.class, () -> recipe.load(RecipeOptions.defaults().withSamples(3).withTestFraction(0.1)));
        assertEquals("synthetic-regression does not take classes, scale; it takes samples, test_fraction, split_seed",
                assertThrows(InvalidInputException.class, () -> recipe.load(RecipeOptions.defaults().withClasses(1, 2).withScale(2)))
                        .getMessage());
        assertTrue(recipe.available());
        assertTrue(recipe.requiredFiles().isEmpty());
    }
}
