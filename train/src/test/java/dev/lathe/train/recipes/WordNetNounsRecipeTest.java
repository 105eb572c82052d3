package dev.lathe.train.recipes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.train.data.Splits;
import dev.lathe.train.data.TextCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordNetNounsRecipeTest {

    private static final String HEADER = "  1 This software and database is being provided to you, the LICENSEE, by  \n"
            + "  2 Princeton University under the following license.  By obtaining, using  \n"
            + "  3   \n";

    @TempDir
    Path dir;

    private static String synset(int offset, int lexFile, String word, String gloss) {
        return String.format("%08d %02d n 01 %s 0 001 @ 00001740 n 0000 | %s  %n", offset, lexFile, word, gloss);
    }

    /** data.noun is Latin-1: é must be one byte, 0xE9. */
    private Path write(String content) throws IOException {
        Path file = dir.resolve("data.noun");
        Files.write(file, content.getBytes(StandardCharsets.ISO_8859_1));
        return file;
    }

    @Test
    void readsGlossesWithoutExamplesLabelledByLexicographerFile() throws IOException {
        Path file = write(HEADER + synset(1740, 3, "entity", "that which is perceived or known or inferred to have its own distinct "
                + "existence (living or nonliving)")
                + synset(2000, 13, "café", "a small restaurant where drinks and snacks are sold; \"we had coffee in a café\"; \"x\"")
                + synset(3000, 28, "time", "an instance; a single occasion"));
        TextCorpus corpus = WordNetNounsRecipe.read(file);
        assertEquals(List.of("that which is perceived or known or inferred to have its own distinct existence (living or nonliving)",
                "a small restaurant where drinks and snacks are sold", "an instance; a single occasion"), corpus.texts());
        assertArrayEquals(new int[] {0, 10, 25}, corpus.labels());
        assertEquals("noun.Tops", corpus.classNames().get(0));
        assertEquals("noun.food", corpus.classNames().get(10));
        assertEquals("noun.time", corpus.classNames().get(25));
        assertEquals(26, corpus.classNames().size());
    }

    @Test
    void latin1GlossesDecode() throws IOException {
        Path file = write(HEADER + synset(1, 13, "cafe", "like a café, but naïve"));
        assertEquals("like a café, but naïve", WordNetNounsRecipe.read(file).texts().get(0));
    }

    @Test
    void topClassesByFrequencyThenCappedAndSplit() throws IOException {
        StringBuilder content = new StringBuilder(HEADER);
        int offset = 0;
        // noun.animal 05: 12, noun.artifact 06: 8, noun.act 04 and noun.person 18: 5 each, noun.time 28: 1
        int[][] plan = {{18, 5}, {5, 12}, {6, 8}, {4, 5}, {28, 1}};
        for (int[] p : plan) {
            for (int i = 0; i < p[1]; i++) {
                content.append(synset(++offset, p[0], "w", "gloss " + p[0] + " " + i));
            }
        }
        WordNetNounsRecipe recipe = new WordNetNounsRecipe(write(content.toString()));
        RecipeOptions options = RecipeOptions.defaults().withTopClasses(3).withPerClass(6).withTestFraction(0.5);
        Splits<TextCorpus> splits = recipe.load(options);
        // the tie between act (04) and person (18) goes to the lower number; classes in file-number order
        assertEquals(List.of("noun.act", "noun.animal", "noun.artifact"), splits.train().classNames());
        int[] testCounts = new int[3];
        for (int label : splits.test().labels()) {
            testCounts[label]++;
        }
        // at most 6 each, then half of each to the test part: act 5 → round(2.5) = 3, animal 6 → 3, artifact 6 → 3
        assertArrayEquals(new int[] {3, 3, 3}, testCounts);
        assertEquals(8, splits.train().size());
        Set<String> texts = new HashSet<>(splits.train().texts());
        texts.addAll(splits.test().texts());
        assertEquals(17, texts.size());
        for (int k = 0; k < splits.test().size(); k++) {
            String lexFile = splits.test().texts().get(k).split(" ")[1];
            assertEquals(List.of("4", "5", "6").get(splits.test().labels()[k]), lexFile, "text and label stay together");
        }
        assertEquals(splits.test().texts(), recipe.load(options).test().texts());
        assertTrue(assertThrows(InvalidInputException.class, () -> recipe.load(RecipeOptions.defaults().withTopClasses(6)))
                .getMessage().contains("top_classes 6 is more than the 5 noun classes"));
    }

    @Test
    void malformedLinesNameTheLine() throws IOException {
        Path file = write(HEADER + synset(1, 3, "a", "b") + "00000002 45 n 01 x 0 000 | gloss\n");
        assertEquals(file + " line 5: lexicographer file 45 is not a noun class (03–28)",
                assertThrows(InvalidInputException.class, () -> WordNetNounsRecipe.read(file)).getMessage());
        write(HEADER + "00000002 04 n 01 x 0 000 no gloss\n");
        assertTrue(assertThrows(InvalidInputException.class, () -> WordNetNounsRecipe.read(file)).getMessage()
                .startsWith(file + " line 4: not a WordNet synset line"));
    }

    @Test
    void missingFileGivesTheInstallCommand() {
        Path file = dir.resolve("data.noun");
        assertEquals("wordnet-nouns: " + file + " is missing; it comes from the Debian package wordnet-base: run "
                        + "`apt-get install -y wordnet-base` or `lathe data prepare wordnet-nouns`",
                assertThrows(InvalidInputException.class, () -> new WordNetNounsRecipe(file).load(RecipeOptions.defaults())).getMessage());
    }

    @Test
    void realDebianFile() {
        WordNetNounsRecipe recipe = new WordNetNounsRecipe();
        assumeTrue(recipe.available(), "wordnet-base is not installed");
        assertEquals(82_115, WordNetNounsRecipe.read(WordNetNounsRecipe.DEBIAN_FILE).size(), "WordNet 3.0's noun synsets");
        Splits<TextCorpus> splits = recipe.load(RecipeOptions.defaults());
        assertEquals(List.of("noun.act", "noun.animal", "noun.artifact", "noun.attribute", "noun.communication", "noun.location",
                "noun.person", "noun.plant", "noun.state", "noun.substance"), splits.train().classNames());
        assertEquals(20_000, splits.train().size());
        assertEquals(5_000, splits.test().size());
        int[] testCounts = new int[10];
        for (int label : splits.test().labels()) {
            testCounts[label]++;
        }
        for (int count : testCounts) {
            assertEquals(500, count);
        }
        for (String gloss : splits.train().texts()) {
            assertTrue(!gloss.isEmpty() && !gloss.contains("; \""), gloss);
        }
    }
}
