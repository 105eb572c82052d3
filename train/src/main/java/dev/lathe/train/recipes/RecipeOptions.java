package dev.lathe.train.recipes;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.layers.spec.DataSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The options a recipe takes, as a spec's {@code data} section names them; null means the
 * recipe's default. Each recipe accepts only its own: {@code classes} and {@code scale}
 * (fashion-mnist), {@code samples} (synthetic-regression), {@code top_classes} and
 * {@code per_class} (wordnet-nouns), {@code test_fraction} and {@code split_seed} (the recipes that
 * draw a test part).
 */
public record RecipeOptions(int[] classes, Double scale, Integer samples, Integer topClasses, Integer perClass,
                            Double testFraction, Long splitSeed) {

    public static RecipeOptions defaults() {
        return new RecipeOptions(null, null, null, null, null, null, null);
    }

    /** The recipe options of a spec's data section. */
    public static RecipeOptions of(DataSpec data) {
        return new RecipeOptions(data.classes(), data.scale(), data.samples(), data.topClasses(), data.perClass(),
                data.testFraction(), data.splitSeed());
    }

    public RecipeOptions withClasses(int... classes) {
        return new RecipeOptions(classes, scale, samples, topClasses, perClass, testFraction, splitSeed);
    }

    public RecipeOptions withScale(double scale) {
        return new RecipeOptions(classes, scale, samples, topClasses, perClass, testFraction, splitSeed);
    }

    public RecipeOptions withSamples(int samples) {
        return new RecipeOptions(classes, scale, samples, topClasses, perClass, testFraction, splitSeed);
    }

    public RecipeOptions withTopClasses(int topClasses) {
        return new RecipeOptions(classes, scale, samples, topClasses, perClass, testFraction, splitSeed);
    }

    public RecipeOptions withPerClass(int perClass) {
        return new RecipeOptions(classes, scale, samples, topClasses, perClass, testFraction, splitSeed);
    }

    public RecipeOptions withTestFraction(double testFraction) {
        return new RecipeOptions(classes, scale, samples, topClasses, perClass, testFraction, splitSeed);
    }

    public RecipeOptions withSplitSeed(long splitSeed) {
        return new RecipeOptions(classes, scale, samples, topClasses, perClass, testFraction, splitSeed);
    }

    /** Throws when an option outside {@code accepted} (spec names) is set. */
    void acceptOnly(String recipe, String... accepted) {
        List<String> allowed = List.of(accepted);
        List<String> unexpected = new ArrayList<>();
        Object[] values = {classes, scale, samples, topClasses, perClass, testFraction, splitSeed};
        String[] names = {"classes", "scale", "samples", "top_classes", "per_class", "test_fraction", "split_seed"};
        for (int i = 0; i < names.length; i++) {
            if (values[i] != null && !allowed.contains(names[i])) {
                unexpected.add(names[i]);
            }
        }
        if (!unexpected.isEmpty()) {
            throw new InvalidInputException(recipe + " does not take " + String.join(", ", unexpected)
                    + (allowed.isEmpty() ? "; it takes no options" : "; it takes " + String.join(", ", allowed)));
        }
    }

    /** The test fraction, strictly between 0 and 1. */
    double testFractionOr(String recipe, double fallback) {
        double fraction = testFraction == null ? fallback : testFraction;
        if (!(fraction > 0 && fraction < 1)) {
            throw new InvalidInputException(recipe + ": test_fraction must lie strictly between 0 and 1, got " + fraction);
        }
        return fraction;
    }

    long splitSeedOr(long fallback) {
        return splitSeed == null ? fallback : splitSeed;
    }

    /** An integer option of at least {@code min}. */
    static int atLeast(String recipe, String name, Integer value, int fallback, int min) {
        int v = value == null ? fallback : value;
        if (v < min) {
            throw new InvalidInputException(recipe + ": " + name + " must be at least " + min + ", got " + v);
        }
        return v;
    }
}
