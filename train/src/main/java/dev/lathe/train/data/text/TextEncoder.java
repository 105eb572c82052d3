package dev.lathe.train.data.text;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.train.data.ArrayDataset;
import dev.lathe.train.data.TextCorpus;
import java.util.Arrays;
import java.util.List;

/**
 * Texts to fixed-length rows of token ids: truncated to {@code maxLength} (the end is cut) and
 * right-padded with [PAD] = 0. With {@code clsSep}, each row is BERT's {@code [CLS] text [SEP]},
 * or {@code [CLS] text [SEP] pair [SEP]} with segment 1 for {@code pair [SEP]}; a pair that does
 * not fit is shortened as BERT does, one token at a time from the longer of the two texts.
 */
public final class TextEncoder {

    private final Tokenizer tokenizer;
    private final int maxLength;
    private final int clsId;
    private final int sepId;

    /** {@code clsSep} needs a tokenizer whose vocabulary has [CLS] and [SEP]. */
    public TextEncoder(Tokenizer tokenizer, int maxLength, boolean clsSep) {
        if (maxLength < (clsSep ? 3 : 1)) {
            throw new IllegalArgumentException("max_length " + maxLength + " leaves no room for a token"
                    + (clsSep ? " next to [CLS] and [SEP]" : ""));
        }
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.clsId = clsSep ? special(tokenizer, Tokenizer.CLS) : -1;
        this.sepId = clsSep ? special(tokenizer, Tokenizer.SEP) : -1;
    }

    private static int special(Tokenizer tokenizer, String token) {
        return tokenizer.id(token).orElseThrow(() -> new IllegalArgumentException(
                "[CLS] … [SEP] sequences need a " + token + " token, which this " + tokenizer.getClass().getSimpleName()
                        + " lacks: use the char or wordpiece tokenizer"));
    }

    public int maxLength() {
        return maxLength;
    }

    /** The corpus as token ids [N, maxLength] with its labels, [PAD] = 0 marking padding. */
    public ArrayDataset encode(TextCorpus corpus) {
        TokenRows rows = encode(corpus.texts(), corpus.pairs());
        return ArrayDataset.ofTokens(rows.ids(), maxLength, Tokenizer.PAD_ID, rows.segments(), corpus.labels(), corpus.classNames());
    }

    /** {@code pairs} may be null; when given (BERT-style only), it holds one second text per text. */
    public TokenRows encode(List<String> texts, List<String> pairs) {
        if (pairs != null && clsId < 0) {
            throw new InvalidInputException("sentence pairs need [CLS] text [SEP] pair [SEP] sequences: use a BERT-style encoding");
        }
        if (pairs != null && pairs.size() != texts.size()) {
            throw new IllegalArgumentException(texts.size() + " texts need as many pairs, got " + pairs.size());
        }
        int[] ids = new int[texts.size() * maxLength];
        int[] segments = pairs == null ? null : new int[ids.length];
        for (int i = 0; i < texts.size(); i++) {
            int[] a = tokenizer.encode(texts.get(i));
            int offset = i * maxLength;
            if (clsId < 0) {
                System.arraycopy(a, 0, ids, offset, Math.min(a.length, maxLength));
            } else if (pairs == null) {
                wrap(Arrays.copyOf(a, Math.min(a.length, maxLength - 2)), null, ids, null, offset);
            } else {
                int[] b = tokenizer.encode(pairs.get(i));
                int budget = maxLength - 3;
                int keepA = a.length;
                int keepB = b.length;
                while (keepA + keepB > budget) {
                    if (keepA > keepB) {
                        keepA--;
                    } else {
                        keepB--;
                    }
                }
                wrap(Arrays.copyOf(a, keepA), Arrays.copyOf(b, keepB), ids, segments, offset);
            }
        }
        return new TokenRows(ids, segments, maxLength);
    }

    /** Writes [CLS] a [SEP] (b [SEP]) at {@code offset}, marking the pair's part as segment 1. */
    private void wrap(int[] a, int[] b, int[] ids, int[] segments, int offset) {
        int at = offset;
        ids[at++] = clsId;
        System.arraycopy(a, 0, ids, at, a.length);
        at += a.length;
        ids[at++] = sepId;
        if (b != null) {
            System.arraycopy(b, 0, ids, at, b.length);
            Arrays.fill(segments, at, at + b.length + 1, 1);
            at += b.length;
            ids[at] = sepId;
        }
    }
}
