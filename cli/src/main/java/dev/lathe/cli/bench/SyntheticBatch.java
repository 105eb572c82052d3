package dev.lathe.cli.bench;

import dev.lathe.engine.Shapes;
import dev.lathe.layers.spec.InputSpec;
import dev.lathe.layers.spec.LayerSpec;
import dev.lathe.layers.spec.LossSpec;
import dev.lathe.layers.spec.Model;
import dev.lathe.layers.spec.ModelSpec;
import dev.lathe.layers.spec.Summary;
import dev.lathe.train.data.ArrayDataset;
import dev.lathe.train.data.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One batch of random samples of the shape and type a model's spec takes, as a dataset: pixel-like
 * floats in [0, 1), or token ids drawn from the whole vocabulary except [PAD] (so every sequence is
 * full length and every mask all ones), with random class labels for the model's outputs, or
 * normal regression targets for an MSE loss.
 */
final class SyntheticBatch {

    private SyntheticBatch() {
    }

    static ArrayDataset of(Model model, int batchSize, long seed) {
        ModelSpec spec = model.spec();
        SplittableRandom random = new SplittableRandom(seed);
        int[] sampleShape = spec.input().shape();
        int values = batchSize * Shapes.numel(sampleShape);
        List<Summary.Row> layers = model.summary().layers();
        int[] outputShape = layers.get(layers.size() - 1).outputShape();
        if (spec.training().loss().type() == LossSpec.Kind.MSE) {
            float[] targets = new float[batchSize * Shapes.numel(outputShape)];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = (float) random.nextGaussian();
            }
            return ArrayDataset.ofValues(features(random, values), sampleShape, targets, outputShape);
        }
        // one output is a binary classifier
        int classes = outputShape.length == 1 && outputShape[0] == 1 ? 2 : outputShape[0];
        int[] labels = random.ints(batchSize, 0, classes).toArray();
        List<String> classNames = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            classNames.add(Integer.toString(c));
        }
        if (spec.input().dtypeOrDefault() == InputSpec.ValueType.FLOAT32) {
            return ArrayDataset.ofClasses(features(random, values), sampleShape, labels, classNames);
        }
        int[] ids = random.ints(values, Tokenizer.PAD_ID + 1, vocabularySize(spec)).toArray();
        return ArrayDataset.ofTokens(ids, sampleShape[0], Tokenizer.PAD_ID, null, labels, classNames);
    }

    private static float[] features(SplittableRandom random, int count) {
        float[] features = new float[count];
        for (int i = 0; i < count; i++) {
            features[i] = (float) random.nextDouble();
        }
        return features;
    }

    /** The token ids the first layer (an embedding or BERT with its config inline) takes. */
    private static int vocabularySize(ModelSpec spec) {
        LayerSpec first = spec.layers().get(0);
        if (first instanceof LayerSpec.Embedding embedding) {
            return embedding.numEmbeddings();
        }
        if (first instanceof LayerSpec.Bert bert && bert.config() != null && bert.config().vocabSize() != null) {
            return bert.config().vocabSize();
        }
        throw new IllegalArgumentException(spec.name() + ": synthetic token ids need an embedding or a bert layer with an inline "
                + "vocab_size first");
    }
}
