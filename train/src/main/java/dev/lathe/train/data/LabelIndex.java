package dev.lathe.train.data;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Class labels written as strings (CSV, TSV, JSONL) turned into indices: into the given class
 * names, or else into the sorted distinct labels — numerically when every label is an integer, so
 * "2" comes before "10" and labels 0 … K-1 keep their values.
 */
final class LabelIndex {

    /** Indices of the labels, and the class names they index. */
    record Indexed(int[] labels, List<String> classNames) {
    }

    private LabelIndex() {
    }

    /** {@code lines.get(i)} is the line of {@code raw.get(i)}, for errors; {@code given} may be null. */
    static Indexed index(List<String> raw, List<Integer> lines, List<String> given, Path file) {
        List<String> names = given != null ? List.copyOf(given) : distinctSorted(raw);
        Map<String, Integer> ids = new HashMap<>();
        for (int c = 0; c < names.size(); c++) {
            if (ids.putIfAbsent(names.get(c), c) != null) {
                throw new IllegalArgumentException("class name '" + names.get(c) + "' is given twice");
            }
        }
        int[] labels = new int[raw.size()];
        for (int i = 0; i < labels.length; i++) {
            Integer id = ids.get(raw.get(i));
            if (id == null) {
                throw DataFiles.invalid(file, lines.get(i), "label '" + raw.get(i) + "' is not one of the " + names.size()
                        + " classes " + names);
            }
            labels[i] = id;
        }
        return new Indexed(labels, names);
    }

    private static List<String> distinctSorted(List<String> raw) {
        boolean numeric = raw.stream().allMatch(s -> s.matches("[+-]?[0-9]+"));
        Comparator<String> order = numeric ? Comparator.comparing(BigInteger::new) : Comparator.naturalOrder();
        TreeSet<String> distinct = new TreeSet<>(order.thenComparing(Comparator.naturalOrder()));
        distinct.addAll(raw);
        return List.copyOf(distinct);
    }
}
