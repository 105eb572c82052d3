package dev.lathe.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Numeric CSV (UTF-8, one record per line, RFC 4180 quoting): every column but the label column
 * is a feature, a finite decimal number. The label column is named by its header (then the file
 * must have one), by its 0-based index (digits), or is the last one when not given. A header row is
 * recognised when the first row has a non-number in a column where the second row has a number
 * (or, in a one-row file, a non-number outside the label column), as Python's csv.Sniffer reasons.
 * Blank lines are skipped.
 */
public final class CsvReader {

    private static final Pattern NUMBER = Pattern.compile("\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?\\s*");

    private CsvReader() {
    }

    /** Class labels: the given class names, or the sorted distinct labels when {@code classNames} is null. */
    public static ArrayDataset readClasses(Path file, String labelColumn, List<String> classNames) {
        Table table = Table.read(file, labelColumn);
        LabelIndex.Indexed indexed = LabelIndex.index(table.labels, table.lines, classNames, file);
        return ArrayDataset.ofClasses(table.features, new int[] {table.width}, indexed.labels(), indexed.classNames());
    }

    /** Numeric labels as regression targets [N, 1]. */
    public static ArrayDataset readValues(Path file, String labelColumn) {
        Table table = Table.read(file, labelColumn);
        float[] targets = new float[table.labels.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = number(table.labels.get(i), file, table.lines.get(i), table.labelName);
        }
        return ArrayDataset.ofValues(table.features, new int[] {table.width}, targets, new int[] {1});
    }

    private static float number(String field, Path file, int line, String column) {
        if (!NUMBER.matcher(field).matches()) {
            throw DataFiles.invalid(file, line, column + ": '" + field + "' is not a number");
        }
        float value = Float.parseFloat(field);
        if (!Float.isFinite(value)) {
            throw DataFiles.invalid(file, line, column + ": " + field.strip() + " overflows a float");
        }
        return value;
    }

    private static boolean isNumber(String field) {
        return NUMBER.matcher(field).matches();
    }

    /** The rows split into features (row-major) and raw label strings. */
    private static final class Table {
        float[] features;
        int width;
        String labelName;
        final List<String> labels = new ArrayList<>();
        final List<Integer> lines = new ArrayList<>();

        static Table read(Path file, String labelColumn) {
            List<String> text = Utf8Lines.read(file);
            List<List<String>> rows = new ArrayList<>();
            List<Integer> rowLines = new ArrayList<>();
            for (int i = 0; i < text.size(); i++) {
                if (!text.get(i).isBlank()) {
                    rows.add(CsvLine.split(text.get(i), file, i + 1));
                    rowLines.add(i + 1);
                }
            }
            if (rows.isEmpty()) {
                throw DataFiles.invalid(file, "the dataset is empty");
            }
            List<String> first = rows.get(0);
            boolean byName = labelColumn != null && !labelColumn.matches("\\d+");
            int label = labelColumn == null ? first.size() - 1 : byName ? first.indexOf(labelColumn) : index(labelColumn, first, file);
            boolean header = byName || hasHeader(rows, label);
            if (byName && label < 0) {
                throw DataFiles.invalid(file, 1, "no column named '" + labelColumn + "' in the header " + first);
            }
            if (first.size() < 2) {
                throw DataFiles.invalid(file, rowLines.get(0), "a row needs at least one feature and a label, got 1 column");
            }
            Table table = new Table();
            table.width = first.size() - 1;
            table.labelName = header ? "column '" + first.get(label) + "'" : "column " + label;
            int start = header ? 1 : 0;
            if (start == rows.size()) {
                throw DataFiles.invalid(file, "the dataset is empty (a header row only)");
            }
            table.features = new float[(rows.size() - start) * table.width];
            int k = 0;
            for (int r = start; r < rows.size(); r++) {
                List<String> row = rows.get(r);
                int line = rowLines.get(r);
                if (row.size() != first.size()) {
                    throw DataFiles.invalid(file, line, row.size() + " fields, the first row has " + first.size());
                }
                for (int c = 0; c < row.size(); c++) {
                    if (c == label) {
                        table.labels.add(row.get(c).strip());
                        table.lines.add(line);
                    } else {
                        table.features[k++] = number(row.get(c), file, line,
                                header ? "column '" + first.get(c) + "'" : "column " + c);
                    }
                }
            }
            return table;
        }

        private static int index(String labelColumn, List<String> first, Path file) {
            int index = labelColumn.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(labelColumn);
            if (index >= first.size()) {
                throw DataFiles.invalid(file, "label column " + labelColumn + " is out of range: the rows have "
                        + first.size() + " columns (0-based indices)");
            }
            return index;
        }

        private static boolean hasHeader(List<List<String>> rows, int label) {
            List<String> first = rows.get(0);
            List<String> second = rows.size() > 1 ? rows.get(1) : null;
            for (int c = 0; c < first.size(); c++) {
                if (isNumber(first.get(c))) {
                    continue;
                }
                boolean belowIsNumber = second != null && c < second.size() && isNumber(second.get(c));
                if (belowIsNumber || (second == null && c != label)) {
                    return true;
                }
            }
            return false;
        }
    }
}
