package dev.lathe.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.Device;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.MemoryScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        Path file = Files.createTempFile(dir, "data", ".csv");
        Files.writeString(file, text);
        return file;
    }

    private static float[] features(ArrayDataset data) {
        int[] all = new int[data.size()];
        java.util.Arrays.setAll(all, i -> i);
        try (MemoryScope scope = MemoryScope.open()) {
            return data.batch(all, Device.CPU, false).inputs().toFloatArray();
        }
    }

    @Test
    void readsWithoutHeaderLabelLast() throws IOException {
        ArrayDataset data = CsvReader.readClasses(csv("1.5,2,0\n-3,4e-1,2\r\n\n5,.5,1\n"), null, null);
        assertEquals(3, data.size());
        assertArrayEquals(new int[] {2}, data.sampleShape());
        assertArrayEquals(new float[] {1.5f, 2, -3, 0.4f, 5, 0.5f}, features(data));
        assertArrayEquals(new int[] {0, 2, 1}, data.labels());
        assertEquals(List.of("0", "1", "2"), data.classNames());
    }

    @Test
    void detectsHeaderAndPicksLabelColumnByNameOrIndex() throws IOException {
        Path file = csv("species,width,height\nb,1,2\na,3,4\n\"b\",5,6\n");
        ArrayDataset byName = CsvReader.readClasses(file, "species", null);
        assertEquals(List.of("a", "b"), byName.classNames());
        assertArrayEquals(new int[] {1, 0, 1}, byName.labels());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, features(byName));
        ArrayDataset byIndex = CsvReader.readClasses(file, "0", List.of("b", "a"));
        assertArrayEquals(new int[] {0, 1, 0}, byIndex.labels());
    }

    @Test
    void numericHeaderNamesAreRecognisedAgainstTheSecondRow() throws IOException {
        ArrayDataset data = CsvReader.readClasses(csv("0,1,label\n7,8,1\n9,10,0\n"), null, null);
        assertEquals(2, data.size());
        assertArrayEquals(new int[] {1, 0}, data.labels());
    }

    @Test
    void stringLabelsWithoutHeaderAreNotAHeader() throws IOException {
        ArrayDataset data = CsvReader.readClasses(csv("5.1,3.5,setosa\n6.2,2.9,virginica\n"), null, null);
        assertEquals(2, data.size());
        assertEquals(List.of("setosa", "virginica"), data.classNames());
    }

    @Test
    void integerLabelsSortNumerically() throws IOException {
        ArrayDataset data = CsvReader.readClasses(csv("1,10\n2,2\n3,-1\n"), null, null);
        assertEquals(List.of("-1", "2", "10"), data.classNames());
        assertArrayEquals(new int[] {2, 1, 0}, data.labels());
    }

    @Test
    void readsRegressionTargets() throws IOException {
        ArrayDataset data = CsvReader.readValues(csv("x,y,target\n1,2,0.5\n3,4,-1.25\n"), "target");
        try (MemoryScope scope = MemoryScope.open()) {
            Batch batch = data.batch(new int[] {1, 0}, Device.CPU, false);
            assertArrayEquals(new int[] {2, 1}, batch.targets().shape());
            assertArrayEquals(new float[] {-1.25f, 0.5f}, batch.targets().toFloatArray());
        }
    }

    @Test
    void errorsNameFileLineAndProblem() throws IOException {
        assertError(csv("1,2,0\n3,x,1\n"), null, "line 2: column 1: 'x' is not a number");
        assertError(csv("1,2,0\n3,1\n"), null, "line 2: 2 fields, the first row has 3");
        assertError(csv("a,b\n1,2\n"), "c", "line 1: no column named 'c'");
        assertError(csv("1,2,0\n"), "5", "label column 5 is out of range");
        assertError(csv(""), null, "the dataset is empty");
        assertError(csv("\n  \n"), null, "the dataset is empty");
        assertError(csv("a,b,label\n"), null, "the dataset is empty (a header row only)");
        assertError(csv("1,\"2,0\n"), null, "line 1: unclosed quote");
        assertError(csv("1,2\"x,0\n"), null, "line 1: a quote inside unquoted field 2");
        assertError(csv("1,2,0\n3,NaN,1\n"), null, "line 2: column 1: 'NaN' is not a number");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CsvReader.readValues(csv("1,2,x\n"), null));
        assertTrue(e.getMessage().contains("line 1: column 2: 'x' is not a number"), e.getMessage());
        Path unknown = csv("1,0\n2,3\n");
        InvalidInputException u = assertThrows(InvalidInputException.class,
                () -> CsvReader.readClasses(unknown, null, List.of("0", "1")));
        assertTrue(u.getMessage().startsWith(unknown + ": line 2: label '3' is not one of the 2 classes"), u.getMessage());
    }

    private static void assertError(Path file, String labelColumn, String part) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CsvReader.readClasses(file, labelColumn, null));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(part), e.getMessage());
    }
}
