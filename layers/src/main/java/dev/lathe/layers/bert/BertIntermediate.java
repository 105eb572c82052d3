package dev.lathe.layers.bert;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.layers.Linear;
import dev.lathe.layers.Module;
import dev.lathe.layers.attention.FeedForwardActivation;

/** Hugging Face's BertIntermediate: the first feed-forward Linear (H → intermediate) and the activation. */
final class BertIntermediate extends Module {

    private final FeedForwardActivation activation;
    private final Linear dense;

    BertIntermediate(BertConfig config, Generator generator) {
        this.activation = config.activation();
        this.dense = addChild("dense", Bert.linear(config.hiddenSize(), config.intermediateSize(), config, generator));
    }

    Tensor forward(Tensor x) {
        return activation.apply(dense.forward(x));
    }
}
