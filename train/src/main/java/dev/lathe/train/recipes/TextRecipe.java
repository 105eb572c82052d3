package dev.lathe.train.recipes;

import dev.lathe.train.data.Splits;
import dev.lathe.train.data.TextCorpus;

/** A recipe whose samples are labelled texts, to be tokenised by the caller. */
public non-sealed interface TextRecipe extends DatasetRecipe {

    /** The fixed training and test parts; options the recipe does not take are errors. */
    Splits<TextCorpus> load(RecipeOptions options);
}
