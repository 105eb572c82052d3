package dev.lathe.train.recipes;

import dev.lathe.train.data.ArrayDataset;
import dev.lathe.train.data.Splits;

/** A recipe whose samples are float arrays: images or vectors. */
public non-sealed interface ArrayRecipe extends DatasetRecipe {

    /** The fixed training and test parts; options the recipe does not take are errors. */
    Splits<ArrayDataset> load(RecipeOptions options);
}
