package dev.lathe.layers.bert;

import java.util.Arrays;

/** What a {@link Bert} layer outputs from its last hidden states [N, T, H]. */
public enum BertPooling {
    /** The hidden state of the first ([CLS]) position: [N, H]. */
    CLS("cls"),
    /** The mean over real (unmasked) positions: [N, H]. */
    MEAN("mean"),
    /** Hugging Face's pooler, tanh(dense(h[:, 0])): [N, H]; adds {@code pooler.dense.*} parameters. */
    POOLER("pooler"),
    /** The whole sequence [N, T, H], with the mask kept for the layers after. */
    NONE("none");

    private final String specName;

    BertPooling(String specName) {
        this.specName = specName;
    }

    /** The name a model spec uses. */
    public String specName() {
        return specName;
    }

    public static BertPooling named(String name) {
        for (BertPooling p : values()) {
            if (p.specName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown BERT pooling '" + name + "'; known: "
                + Arrays.stream(values()).map(BertPooling::specName).toList());
    }
}
