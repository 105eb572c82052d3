package dev.lathe.train.recipes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.layers.spec.DataSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetRecipesTest {

    @Test
    void listsTheRecipesByName() {
        assertEquals(List.of("fashion-mnist", "mr-polarity", "wordnet-nouns", "fortunes-zh", "synthetic-regression"),
                DatasetRecipes.names());
        assertInstanceOf(FashionMnistRecipe.class, DatasetRecipes.get("fashion-mnist"));
        assertInstanceOf(TextRecipe.class, DatasetRecipes.get("mr-polarity"));
        assertInstanceOf(TextRecipe.class, DatasetRecipes.get("wordnet-nouns"));
        assertInstanceOf(TextRecipe.class, DatasetRecipes.get("fortunes-zh"));
        assertInstanceOf(ArrayRecipe.class, DatasetRecipes.get("synthetic-regression"));
        for (DatasetRecipe recipe : DatasetRecipes.all()) {
            assertTrue(!recipe.description().isEmpty());
            assertEquals(recipe.debianPackages().isEmpty(), recipe.installCommand().isEmpty(), recipe.name());
        }
    }

    @Test
    void installCommandsAreTheDebianOnes() {
        assertEquals("apt-get install -y dataset-fashion-mnist", DatasetRecipes.get("fashion-mnist").installCommand());
        assertEquals("apt-get install -y wordnet-base", DatasetRecipes.get("wordnet-nouns").installCommand());
        assertEquals("apt-get install -y fortunes-zh", DatasetRecipes.get("fortunes-zh").installCommand());
        String mr = DatasetRecipes.get("mr-polarity").installCommand();
        assertTrue(mr.contains(" && apt-get download python3-pattern && dpkg-deb -x python3-pattern_*.deb "), mr);
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertEquals("unknown dataset 'mnist'; the recipes are fashion-mnist, mr-polarity, wordnet-nouns, fortunes-zh, "
                + "synthetic-regression", assertThrows(InvalidInputException.class, () -> DatasetRecipes.get("mnist")).getMessage());
    }

    @Test
    void optionsComeFromTheSpecDataSection() {
        DataSpec data = new DataSpec("wordnet-nouns", null, null, null, null, null, new int[] {7, 9}, 0.5, 64, 1000, 100, "word", null, null,
                10, 2500, 0.25, 3L, null, null);
        RecipeOptions options = RecipeOptions.of(data);
        assertArrayEquals(new int[] {7, 9}, options.classes());
        assertEquals(0.5, options.scale());
        assertEquals(64, options.samples());
        assertEquals(10, options.topClasses());
        assertEquals(2500, options.perClass());
        assertEquals(0.25, options.testFraction());
        assertEquals(3L, options.splitSeed());
    }
}
