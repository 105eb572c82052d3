package dev.lathe.layers.bert;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.layers.Flow;
import dev.lathe.layers.Layer;

/** Hugging Face's BertLayer, a post-LN encoder block over [N, T, H]; the Flow's mask is the key padding mask. */
final class BertLayer extends Layer {

    private final int hidden;
    private final BertAttention attention;
    private final BertIntermediate intermediate;
    private final BertResidualOutput output;

    BertLayer(BertConfig config, Generator generator) {
        this.hidden = config.hiddenSize();
        this.attention = addChild("attention", new BertAttention(config, generator));
        this.intermediate = addChild("intermediate", new BertIntermediate(config, generator));
        this.output = addChild("output", new BertResidualOutput(config.intermediateSize(), config, generator));
    }

    @Override
    public Tensor forward(Tensor input) {
        return forward(Flow.of(input)).values();
    }

    @Override
    public Flow forward(Flow input) {
        Tensor attended = attention.forward(input.values(), input.mask());
        return input.withValues(output.forward(intermediate.forward(attended), attended));
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 2 || inputShape[1] != hidden) {
            throw new IllegalArgumentException("BertLayer needs inputs [T, " + hidden + "], got [" + Shapes.format(inputShape) + "]");
        }
        return inputShape.clone();
    }
}
