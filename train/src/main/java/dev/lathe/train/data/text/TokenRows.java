package dev.lathe.train.data.text;

/**
 * Encoded texts: {@code ids} holds {@code count} rows of {@code length} token ids, right-padded
 * with [PAD] (id 0); {@code segments} (same layout: 0 for the first text, 1 for the pair) is null
 * when the texts had no pairs.
 */
public record TokenRows(int[] ids, int[] segments, int length) {

    public int count() {
        return ids.length / length;
    }
}
