package dev.lathe.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

class TextReadersTest {

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private Path bytes(byte[] content) throws IOException {
        Path file = Files.createTempFile(dir, "text", ".txt");
        Files.write(file, content);
        return file;
    }

    @Test
    void readsTsvWithHeaderAndSortedClasses() throws IOException {
        TextCorpus corpus = TsvReader.read(file("\uFEFFlabel\ttext\npos\tA fine film.\nneg\tDull, très dull.\r\n\npos\t好看\n"), null);
        assertEquals(List.of("A fine film.", "Dull, très dull.", "好看"), corpus.texts());
        assertNull(corpus.pairs());
        assertEquals(List.of("neg", "pos"), corpus.classNames());
        assertArrayEquals(new int[] {1, 0, 1}, corpus.labels());
    }

    @Test
    void readsTsvPairsWithGivenClasses() throws IOException {
        TextCorpus corpus = TsvReader.read(file("yes\tWho?\tMe.\nno\tWhy?\tBecause\n"), List.of("no", "yes"));
        assertEquals(List.of("Who?", "Why?"), corpus.texts());
        assertEquals(List.of("Me.", "Because"), corpus.pairs());
        assertArrayEquals(new int[] {1, 0}, corpus.labels());
    }

    @Test
    void tsvErrors() throws IOException {
        Path ragged = file("a\tone\nb\ttwo\textra\n");
        assertError(() -> TsvReader.read(ragged, null), ragged, "line 2: 3 tab-separated fields, the first line has 2");
        Path single = file("just text\n");
        assertError(() -> TsvReader.read(single, null), single, "line 1: 1 tab-separated fields");
        Path noLabel = file("a\tone\n\ttwo\n");
        assertError(() -> TsvReader.read(noLabel, null), noLabel, "line 2: the label is empty");
        Path empty = file("");
        assertError(() -> TsvReader.read(empty, null), empty, "the dataset is empty");
        Path headerOnly = file("label\ttext\n");
        assertError(() -> TsvReader.read(headerOnly, null), headerOnly, "the dataset is empty");
        Path unknown = file("a\tone\nc\ttwo\n");
        assertError(() -> TsvReader.read(unknown, List.of("a", "b")), unknown, "line 2: label 'c' is not one of the 2 classes");
    }

    @Test
    void invalidUtf8NamesTheLine() throws IOException {
        byte[] good = "a\tfine\nb\tok\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'b', '\t', 'x', (byte) 0xC3, '(', '\n'}; // 0xC3 must be followed by a continuation byte
        byte[] content = new byte[good.length + bad.length];
        System.arraycopy(good, 0, content, 0, good.length);
        System.arraycopy(bad, 0, content, good.length, bad.length);
        Path tsv = bytes(content);
        assertError(() -> TsvReader.read(tsv, null), tsv, "line 3: invalid UTF-8: byte 0xC3 at byte 4 of the line");
        Path jsonl = bytes(new byte[] {'{', '"', 't', (byte) 0xFF, '"', '}', '\n'});
        assertError(() -> JsonlReader.read(jsonl, null), jsonl, "line 1: invalid UTF-8: byte 0xFF at byte 4");
        Path cut = bytes(new byte[] {'a', '\t', (byte) 0xE4, (byte) 0xBD});
        assertError(() -> TsvReader.read(cut, null), cut, "line 1: invalid UTF-8: byte 0xE4 at byte 3");
    }

    @Test
    void readsJsonl() throws IOException {
        Path file = file("{\"text\": \"good\", \"label\": \"pos\", \"id\": 1}\n\n{\"label\": \"neg\", \"text\": \"bad\\n\\u00e9\"}\n");
        TextCorpus corpus = JsonlReader.read(file, null);
        assertEquals(List.of("good", "bad\né"), corpus.texts());
        assertArrayEquals(new int[] {1, 0}, corpus.labels());
        assertEquals(List.of("neg", "pos"), corpus.classNames());
    }

    @Test
    void readsJsonlPairsIntegerLabelsAndCustomFields() throws IOException {
        Path file = file("{\"q\": \"a?\", \"a\": \"b.\", \"y\": 2}\n{\"q\": \"c?\", \"a\": \"d.\", \"y\": 10}\n");
        TextCorpus corpus = JsonlReader.read(file, "q", "y", "a", null);
        assertEquals(List.of("a?", "c?"), corpus.texts());
        assertEquals(List.of("b.", "d."), corpus.pairs());
        assertEquals(List.of("2", "10"), corpus.classNames());
        assertArrayEquals(new int[] {0, 1}, corpus.labels());
    }

    @Test
    void jsonlErrors() throws IOException {
        Path invalid = file("{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \"label\": }\n");
        assertError(() -> JsonlReader.read(invalid, null), invalid, "line 2: invalid JSON");
        Path duplicate = file("{\"text\": \"a\", \"text\": \"b\", \"label\": \"x\"}\n");
        assertError(() -> JsonlReader.read(duplicate, null), duplicate, "line 1: invalid JSON: Duplicate field 'text'");
        Path array = file("[1, 2]\n");
        assertError(() -> JsonlReader.read(array, null), array, "line 1: expected a JSON object, got array");
        Path missing = file("{\"label\": \"x\"}\n");
        assertError(() -> JsonlReader.read(missing, null), missing, "line 1: 'text' must be a string, it is missing");
        Path floatLabel = file("{\"text\": \"a\", \"label\": 1.5}\n");
        assertError(() -> JsonlReader.read(floatLabel, null), floatLabel, "line 1: 'label' must be a string or an integer");
        Path mixed = file("{\"text\": \"a\", \"label\": \"x\", \"text_pair\": \"b\"}\n{\"text\": \"c\", \"label\": \"y\"}\n");
        assertError(() -> JsonlReader.read(mixed, null), mixed, "line 2: 'text_pair' is missing");
        Path trailing = file("{\"text\": \"a\", \"label\": \"x\"} 5\n");
        assertError(() -> JsonlReader.read(trailing, null), trailing, "line 1: invalid JSON");
        Path empty = file("\n\n");
        assertError(() -> JsonlReader.read(empty, null), empty, "the dataset is empty");
    }

    private static void assertError(Executable call, Path file, String part) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call);
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(part), e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
    }
}
