package dev.lathe.train.recipes;

import dev.lathe.engine.InvalidInputException;
import java.util.List;

/** The recipes by name, for specs and {@code lathe data}. */
public final class DatasetRecipes {

    private DatasetRecipes() {
    }

    /** Every recipe, reading the Debian locations. */
    public static List<DatasetRecipe> all() {
        return List.of(new FashionMnistRecipe(), new MrPolarityRecipe(), new WordNetNounsRecipe(), new FortunesZhRecipe(),
                new SyntheticRegressionRecipe());
    }

    public static List<String> names() {
        return all().stream().map(DatasetRecipe::name).toList();
    }

    public static DatasetRecipe get(String name) {
        return all().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(() -> new InvalidInputException(
                "unknown dataset '" + name + "'; the recipes are " + String.join(", ", names())));
    }
}
