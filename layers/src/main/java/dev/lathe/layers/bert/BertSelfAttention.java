package dev.lathe.layers.bert;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.layers.Linear;
import dev.lathe.layers.Module;
import dev.lathe.layers.attention.Attention;

/** Hugging Face's BertSelfAttention: separate query, key and value Linears, then scaled dot-product attention. */
final class BertSelfAttention extends Module {

    private final BertConfig config;
    private final Generator dropoutGenerator;
    private final Linear query;
    private final Linear key;
    private final Linear value;

    BertSelfAttention(BertConfig config, Generator generator) {
        this.config = config;
        int hidden = config.hiddenSize();
        this.query = addChild("query", Bert.linear(hidden, hidden, config, generator));
        this.key = addChild("key", Bert.linear(hidden, hidden, config, generator));
        this.value = addChild("value", Bert.linear(hidden, hidden, config, generator));
        this.dropoutGenerator = addGenerator(generator.split());
    }

    /** x [N, T, H] and the key mask [N, T] (null: all real) → the heads' context vectors, merged: [N, T, H]. */
    Tensor forward(Tensor x, Tensor keyMask) {
        int heads = config.numAttentionHeads();
        Tensor context = Attention.scaledDotProduct(
                Attention.splitHeads(query.forward(x), heads),
                Attention.splitHeads(key.forward(x), heads),
                Attention.splitHeads(value.forward(x), heads),
                keyMask, config.attentionProbsDropoutProb(), isTraining(), dropoutGenerator);
        return Attention.mergeHeads(context);
    }
}
