package dev.lathe.train.data.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Token counts remembering first appearance, so the most frequent tokens come out deterministically. */
final class Counts {

    private final Map<String, int[]> counts = new LinkedHashMap<>();

    void add(String token) {
        counts.computeIfAbsent(token, t -> new int[1])[0]++;
    }

    /** The {@code k} most frequent tokens (fewer when fewer were seen), ties broken by first appearance. */
    List<String> top(int k) {
        List<Map.Entry<String, int[]>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Comparator.comparingInt((Map.Entry<String, int[]> e) -> e.getValue()[0]).reversed()); // stable
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, entries.size()); i++) {
            out.add(entries.get(i).getKey());
        }
        return out;
    }
}
