package dev.lathe.train.recipes;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.train.data.ArrayDataset;
import dev.lathe.train.data.Splits;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * mlp-tiny's data, generated: {@code samples} (512 by default) points x uniform in [-1, 1)², with
 * y = sin(2 x₀) + 0.5 x₁² + 0.1 ε, ε standard normal, all drawn in that order per sample from
 * java.util.Random({@code split_seed}, 0 by default), whose sequence the Java specification fixes.
 * The last round(samples · {@code test_fraction}) samples (0.2 by default) are the test part.
 */
public final class SyntheticRegressionRecipe implements ArrayRecipe {

    public static final String NAME = "synthetic-regression";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "generated 2-d regression y = sin(2 x0) + 0.5 x1² + 0.1 noise, 512 samples by default; last 20 % for testing";
    }

    @Override
    public List<String> debianPackages() {
        return List.of();
    }

    @Override
    public List<Path> requiredFiles() {
        return List.of();
    }

    @Override
    public String installCommand() {
        return "";
    }

    @Override
    public void install() {
    }

    @Override
    public Splits<ArrayDataset> load(RecipeOptions options) {
        options.acceptOnly(NAME, "samples", "test_fraction", "split_seed");
        int n = RecipeOptions.atLeast(NAME, "samples", options.samples(), 512, 2);
        double fraction = options.testFractionOr(NAME, 0.2);
        int test = (int) Math.round(n * fraction);
        if (test == 0 || test == n) {
            throw new InvalidInputException(NAME + ": a test fraction of " + fraction + " leaves the "
                    + (test == 0 ? "test" : "training") + " part of " + n + " samples empty");
        }
        Random random = new Random(options.splitSeedOr(0));
        float[] x = new float[2 * n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double x0 = 2 * random.nextDouble() - 1;
            double x1 = 2 * random.nextDouble() - 1;
            double noise = random.nextGaussian();
            x[2 * i] = (float) x0;
            x[2 * i + 1] = (float) x1;
            y[i] = (float) target(x0, x1, noise);
        }
        ArrayDataset all = ArrayDataset.ofValues(x, new int[] {2}, y, new int[] {1});
        return new Splits<>(all.range(0, n - test), all.range(n - test, n));
    }

    /** The regression function, with its noise term. */
    static double target(double x0, double x1, double noise) {
        return Math.sin(2 * x0) + 0.5 * x1 * x1 + 0.1 * noise;
    }
}
