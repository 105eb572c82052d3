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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MrPolarityRecipeTest {

    private static final String CSV = "python3-pattern/usr/share/doc/python3-pattern/test/corpora/polarity-en-pang&lee2.csv";

    @TempDir
    Path cache;

    /** As python3-pattern writes it: BOM, quoted fields, "" for quotes, the sentence ending in a line break, CRLF. */
    private Path write(String content) throws IOException {
        Path file = cache.resolve(CSV);
        Files.createDirectories(file.getParent());
        Files.write(file, ("\uFEFF" + content).getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private static String record(int label, String sentence) {
        return "\"" + label + "\",\"" + sentence.replace("\"", "\"\"") + " \n\"\r\n";
    }

    @Test
    void readsTheQuotedCsvWithItsByteOrderMark() throws IOException {
        Path file = write(record(1, "the rock is destined to be the 21st century's new \" conan \"")
                + record(-1, "a comma , a café") + "\r\n" + "-1,unquoted\r\n");
        TextCorpus corpus = MrPolarityRecipe.read(file);
        assertEquals(List.of("the rock is destined to be the 21st century's new \" conan \"", "a comma , a café", "unquoted"),
                corpus.texts());
        assertArrayEquals(new int[] {1, 0, 0}, corpus.labels());
        assertEquals(List.of("negative", "positive"), corpus.classNames());
    }

    @Test
    void malformedRecordsNameTheLine() throws IOException {
        Path file = write(record(1, "fine") + "\"0\",\"bad label \n\"\r\n");
        assertEquals(file + " line 3: the label must be 1 or -1, got '0'",
                assertThrows(InvalidInputException.class, () -> MrPolarityRecipe.read(file)).getMessage());
        write(record(1, "fine") + "1,two,three\r\n");
        assertTrue(assertThrows(InvalidInputException.class, () -> MrPolarityRecipe.read(file)).getMessage()
                .endsWith("line 3: expected 2 columns (1 or -1, sentence), got 3"));
        write("\"1\",\"never closed\r\n");
        assertTrue(assertThrows(InvalidInputException.class, () -> MrPolarityRecipe.read(file)).getMessage()
                .endsWith("line 1: a quoted field is not closed"));
        Files.write(file, new byte[] {'1', ',', (byte) 0xff});
        assertTrue(assertThrows(InvalidInputException.class, () -> MrPolarityRecipe.read(file)).getMessage().endsWith("not UTF-8 text"));
    }

    @Test
    void stratifiedSeededTestPart() throws IOException {
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            content.append(record(i % 2 == 0 ? 1 : -1, "sentence " + i));
        }
        write(content.toString());
        MrPolarityRecipe recipe = new MrPolarityRecipe(cache);
        Splits<TextCorpus> splits = recipe.load(RecipeOptions.defaults());
        assertEquals(16, splits.train().size());
        assertEquals(4, splits.test().size());
        assertEquals(2, Arrays.stream(splits.test().labels()).filter(l -> l == 1).count());
        Set<String> all = new HashSet<>(splits.train().texts());
        all.addAll(splits.test().texts());
        assertEquals(20, all.size());
        assertEquals(splits.test().texts(), recipe.load(RecipeOptions.defaults()).test().texts());
        assertEquals(splits.test().texts(), recipe.load(RecipeOptions.defaults().withSplitSeed(0)).test().texts());
        assertEquals(10, recipe.load(RecipeOptions.defaults().withTestFraction(0.5)).test().size());
        assertThrows(InvalidInputException.class, () -> recipe.load(RecipeOptions.defaults().withTestFraction(1.0)));
    }

    @Test
    void missingFileGivesTheDownloadCommand() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new MrPolarityRecipe(cache).load(RecipeOptions.defaults()));
        assertEquals("mr-polarity: " + cache.resolve(CSV) + " is missing; it comes from the Debian package python3-pattern: run `mkdir -p "
                + cache + " && cd " + cache + " && apt-get download python3-pattern && dpkg-deb -x python3-pattern_*.deb "
                + cache.resolve("python3-pattern") + "` or `lathe data prepare mr-polarity`", e.getMessage());
    }

    @Test
    void realDebianFile() {
        MrPolarityRecipe recipe = new MrPolarityRecipe();
        assumeTrue(recipe.available(), "python3-pattern is not unpacked in the cache (lathe data prepare mr-polarity) nor installed");
        TextCorpus all = MrPolarityRecipe.read(recipe.requiredFiles().get(0));
        assertEquals(4_000, all.size());
        assertEquals(2_000, Arrays.stream(all.labels()).filter(l -> l == 1).count());
        assertEquals("the rock is destined to be the 21st century's new \" conan \" and that he's going to make a splash even greater "
                + "than arnold schwarzenegger , jean-claud van damme or steven segal .", all.texts().get(0));
        Splits<TextCorpus> splits = recipe.load(RecipeOptions.defaults());
        assertEquals(3_200, splits.train().size());
        assertEquals(800, splits.test().size());
        assertEquals(400, Arrays.stream(splits.test().labels()).filter(l -> l == 1).count());
    }
}
