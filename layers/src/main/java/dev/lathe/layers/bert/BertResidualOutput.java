package dev.lathe.layers.bert;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.functional.Dropout;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.layers.LayerNorm;
import dev.lathe.layers.Linear;
import dev.lathe.layers.Module;

/**
 * LayerNorm(dropout(dense(h)) + residual): Hugging Face's BertSelfOutput (dense H → H) and
 * BertOutput (dense intermediate → H), which differ only in the dense layer's input size.
 */
final class BertResidualOutput extends Module {

    private final double dropout;
    private final Generator dropoutGenerator;
    private final Linear dense;
    private final LayerNorm layerNorm;

    BertResidualOutput(int inFeatures, BertConfig config, Generator generator) {
        this.dropout = config.hiddenDropoutProb();
        this.dense = addChild("dense", Bert.linear(inFeatures, config.hiddenSize(), config, generator));
        this.layerNorm = addChild("LayerNorm", new LayerNorm(new int[] {config.hiddenSize()}, config.layerNormEps(), true));
        this.dropoutGenerator = addGenerator(generator.split());
    }

    Tensor forward(Tensor h, Tensor residual) {
        Tensor projected = Dropout.dropout(dense.forward(h), dropout, isTraining(), dropoutGenerator);
        return layerNorm.forward(Elementwise.add(projected, residual));
    }
}
