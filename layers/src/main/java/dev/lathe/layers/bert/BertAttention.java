package dev.lathe.layers.bert;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.layers.Module;

/** Hugging Face's BertAttention: {@code self} (the heads) and {@code output} (projection, residual, LayerNorm). */
final class BertAttention extends Module {

    private final BertSelfAttention self;
    private final BertResidualOutput output;

    BertAttention(BertConfig config, Generator generator) {
        this.self = addChild("self", new BertSelfAttention(config, generator));
        this.output = addChild("output", new BertResidualOutput(config.hiddenSize(), config, generator));
    }

    Tensor forward(Tensor x, Tensor keyMask) {
        return output.forward(self.forward(x, keyMask), x);
    }
}
