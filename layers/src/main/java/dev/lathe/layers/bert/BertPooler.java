package dev.lathe.layers.bert;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.layers.Linear;
import dev.lathe.layers.Module;

/** Hugging Face's BertPooler: tanh(dense(h[:, 0])). */
final class BertPooler extends Module {

    private final Linear dense;

    BertPooler(BertConfig config, Generator generator) {
        this.dense = addChild("dense", Bert.linear(config.hiddenSize(), config.hiddenSize(), config, generator));
    }

    /** The first position's hidden state [N, H] → the pooled output [N, H]. */
    Tensor forward(Tensor first) {
        return Elementwise.tanh(dense.forward(first));
    }
}
