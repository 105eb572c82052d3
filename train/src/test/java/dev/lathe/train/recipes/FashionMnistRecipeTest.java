package dev.lathe.train.recipes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lathe.engine.Device;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.MemoryScope;
import dev.lathe.train.data.ArrayDataset;
import dev.lathe.train.data.Splits;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistRecipeTest {

    @TempDir
    Path dir;

    /** An IDX file of unsigned bytes, gzip-compressed as Debian ships it. */
    static void writeIdx(Path file, int magic, int[] dims, byte[] data, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        try (OutputStream raw = Files.newOutputStream(file); OutputStream sink = gzip ? new GZIPOutputStream(raw) : raw) {
            sink.write(bytes.toByteArray());
        }
    }

    /** Images 16×16 whose pixel p of image i is (p + i) mod 256, so every byte value occurs. */
    private void writeSet(String prefix, int[] labels) throws IOException {
        byte[] pixels = new byte[labels.length * 256];
        for (int i = 0; i < labels.length; i++) {
            for (int p = 0; p < 256; p++) {
                pixels[i * 256 + p] = (byte) ((p + i) % 256);
            }
        }
        writeIdx(dir.resolve(prefix + "-images-idx3-ubyte.gz"), 0x803, new int[] {labels.length, 16, 16}, pixels, true);
        byte[] labelBytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            labelBytes[i] = (byte) labels[i];
        }
        writeIdx(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), 0x801, new int[] {labels.length}, labelBytes, true);
    }

    @Test
    void readsTheOfficialPartsScaledAsFloatDivisionBy255() throws IOException {
        writeSet("train", new int[] {9, 0, 7, 3, 7});
        writeSet("t10k", new int[] {1, 9});
        Splits<ArrayDataset> splits = new FashionMnistRecipe(dir).load(RecipeOptions.defaults());
        ArrayDataset train = splits.train();
        assertEquals(5, train.size());
        assertEquals(2, splits.test().size());
        assertArrayEquals(new int[] {1, 16, 16}, train.sampleShape());
        assertArrayEquals(new int[] {9, 0, 7, 3, 7}, train.labels());
        assertEquals(FashionMnistRecipe.CLASS_NAMES, train.classNames());
        float[] image = features(train, 3);
        for (int p = 0; p < 256; p++) {
            int value = (p + 3) % 256;
            assertEquals((float) value / 255f, image[p], 0f, "pixel " + p);
        }
    }

    @Test
    void classSubsetRelabelsInTheGivenOrderAndKeepsNames() throws IOException {
        writeSet("train", new int[] {9, 0, 7, 3, 7});
        writeSet("t10k", new int[] {1, 9});
        Splits<ArrayDataset> splits = new FashionMnistRecipe(dir).load(RecipeOptions.defaults().withClasses(9, 7).withScale(1.0));
        assertArrayEquals(new int[] {0, 1, 1}, splits.train().labels());
        assertEquals(List.of("Ankle boot", "Sneaker"), splits.train().classNames());
        assertArrayEquals(new int[] {0}, splits.test().labels());
        // the second kept image is image 2 of the file, unscaled
        assertEquals(2f, features(splits.train(), 1)[0]);
    }

    @Test
    void badClassesAndOptionsAreRejected() throws IOException {
        writeSet("train", new int[] {1});
        writeSet("t10k", new int[] {1});
        FashionMnistRecipe recipe = new FashionMnistRecipe(dir);
        assertTrue(assertThrows(InvalidInputException.class, () -> recipe.load(RecipeOptions.defaults().withClasses(7, 7)))
                .getMessage().contains("repeats 7"));
        assertTrue(assertThrows(InvalidInputException.class, () -> recipe.load(RecipeOptions.defaults().withClasses(3, 10)))
                .getMessage().contains("10, not a class"));
        assertThrows(InvalidInputException.class, () -> recipe.load(RecipeOptions.defaults().withClasses(3)));
        assertThrows(InvalidInputException.class, () -> recipe.load(RecipeOptions.defaults().withScale(0)));
        assertTrue(assertThrows(InvalidInputException.class, () -> recipe.load(RecipeOptions.defaults().withTestFraction(0.2)))
                .getMessage().contains("does not take test_fraction"));
    }

    @Test
    void malformedFilesNameTheFile() throws IOException {
        writeSet("train", new int[] {1, 2});
        writeSet("t10k", new int[] {1});
        Path labels = dir.resolve("t10k-labels-idx1-ubyte.gz");
        writeIdx(labels, 0x803, new int[] {1, 1, 1}, new byte[] {1}, true);
        InvalidInputException rank = assertThrows(InvalidInputException.class,
                () -> new FashionMnistRecipe(dir).load(RecipeOptions.defaults()));
        assertTrue(rank.getMessage().startsWith(labels + ": expected a vector of integer labels, got [1, 1, 1]"), rank.getMessage());

        writeIdx(labels, 0x801, new int[] {3}, new byte[] {1}, true);
        assertTrue(assertThrows(InvalidInputException.class, () -> new FashionMnistRecipe(dir).load(RecipeOptions.defaults()))
                .getMessage().contains("truncated"));

        writeIdx(labels, 0x801, new int[] {2}, new byte[] {1, 1}, false);
        assertTrue(assertThrows(InvalidInputException.class, () -> new FashionMnistRecipe(dir).load(RecipeOptions.defaults()))
                .getMessage().contains("holds 2 labels for the 1 images"));

        writeIdx(labels, 0x801, new int[] {1}, new byte[] {12}, false);
        assertTrue(assertThrows(InvalidInputException.class, () -> new FashionMnistRecipe(dir).load(RecipeOptions.defaults()))
                .getMessage().contains("label 12 of image 0"));
    }

    @Test
    void missingFilesGiveThePackageAndTheCommand() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new FashionMnistRecipe(dir).load(RecipeOptions.defaults()));
        assertEquals("fashion-mnist: " + dir.resolve("train-images-idx3-ubyte.gz") + " is missing; it comes from the Debian package "
                + "dataset-fashion-mnist: run `apt-get install -y dataset-fashion-mnist` or `lathe data prepare fashion-mnist`", e.getMessage());
    }

    @Test
    void realDebianFiles() {
        FashionMnistRecipe recipe = new FashionMnistRecipe();
        assumeTrue(recipe.available(), "dataset-fashion-mnist is not installed");
        Splits<ArrayDataset> splits = recipe.load(RecipeOptions.defaults());
        assertEquals(60_000, splits.train().size());
        assertEquals(10_000, splits.test().size());
        assertArrayEquals(new int[] {1, 28, 28}, splits.train().sampleShape());
        int[] trainCounts = new int[10];
        for (int label : splits.train().labels()) {
            trainCounts[label]++;
        }
        int[] testCounts = new int[10];
        for (int label : splits.test().labels()) {
            testCounts[label]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(6_000, trainCounts[c]);
            assertEquals(1_000, testCounts[c]);
        }
        float max = 0;
        for (float v : features(splits.test(), 0)) {
            assertTrue(v >= 0 && v <= 1);
            max = Math.max(max, v);
        }
        assertEquals(1f, max, "the first test image has a white pixel");

        Splits<ArrayDataset> binary = recipe.load(RecipeOptions.defaults().withClasses(7, 9));
        assertEquals(12_000, binary.train().size());
        assertEquals(2_000, binary.test().size());
    }

    private static float[] features(ArrayDataset data, int index) {
        try (MemoryScope scope = MemoryScope.open()) {
            return data.batch(new int[] {index}, Device.CPU, false).inputs().toFloatArray();
        }
    }
}
