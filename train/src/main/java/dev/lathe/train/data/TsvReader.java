package dev.lathe.train.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Labelled text as tab-separated lines, UTF-8: {@code label<TAB>text} or, for sentence pairs,
 * {@code label<TAB>text<TAB>pair}; every line has the same number of fields. A first line
 * {@code label<TAB>text} (or {@code label<TAB>text<TAB>text_pair}) is a header and skipped; blank
 * lines are skipped.
 */
public final class TsvReader {

    private static final List<String> HEADER = List.of("label", "text", "text_pair");

    private TsvReader() {
    }

    /** Class names as given, or the sorted distinct labels when {@code classNames} is null. */
    public static TextCorpus read(Path file, List<String> classNames) {
        List<String> lines = Utf8Lines.read(file);
        TextLines samples = new TextLines(file);
        int columns = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] fields = lines.get(i).split("\t", -1);
            if (columns == 0) {
                columns = fields.length;
                if (columns < 2 || columns > 3) {
                    throw DataFiles.invalid(file, i + 1, fields.length + " tab-separated fields: expected label<TAB>text "
                            + "or label<TAB>text<TAB>pair");
                }
                if (List.of(fields).equals(HEADER.subList(0, columns))) {
                    continue;
                }
            }
            if (fields.length != columns) {
                throw DataFiles.invalid(file, i + 1, fields.length + " tab-separated fields, the first line has " + columns);
            }
            samples.add(i + 1, fields[0].strip(), fields[1], columns == 3 ? fields[2] : null);
        }
        return samples.corpus(classNames);
    }
}
