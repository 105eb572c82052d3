package dev.lathe.train.data.text;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * Text to token ids over a fixed vocabulary in which [PAD] is id 0, so padded sequences and
 * ArrayDataset.ofTokens agree on the padding id. {@link #encode} gives the ids of the text alone;
 * {@link TextEncoder} adds [CLS]/[SEP], padding and truncation.
 */
public interface Tokenizer {

    String PAD = "[PAD]";
    String UNK = "[UNK]";
    String CLS = "[CLS]";
    String SEP = "[SEP]";
    int PAD_ID = 0;

    /** The ids of the text's tokens, without special tokens; unknown tokens get the vocabulary's unknown id. */
    int[] encode(String text);

    /** Every token by id. */
    List<String> tokens();

    /** The id of {@code token}, when the vocabulary has it. */
    OptionalInt id(String token);

    default int vocabSize() {
        return tokens().size();
    }

    /** Writes the vocabulary as a vocab.txt (one token per line, the id is the line number from 0), to load it back. */
    void save(Path file);
}
