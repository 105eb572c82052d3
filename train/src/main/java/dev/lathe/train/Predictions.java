package dev.lathe.train;

import java.util.List;

/**
 * What a model put out for a dataset: the outputs of every sample, flat in sample order, with the
 * shape of one sample's output, and the predicted class of each sample (null for regression).
 */
public record Predictions(float[] values, int[] outputShape, int[] classes) {

    public int size() {
        return classes != null ? classes.length : values.length / Math.max(1, dev.lathe.engine.Shapes.numel(outputShape));
    }

    static Predictions join(List<float[]> parts, List<int[]> classParts, int[] batchShape) {
        int total = 0;
        for (float[] part : parts) {
            total += part.length;
        }
        float[] values = new float[total];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, values, at, part.length);
            at += part.length;
        }
        int[] classes = null;
        if (!classParts.isEmpty() && classParts.get(0) != null) {
            classes = classParts.stream().flatMapToInt(java.util.Arrays::stream).toArray();
        }
        int[] sampleShape = batchShape == null ? new int[0] : java.util.Arrays.copyOfRange(batchShape, 1, batchShape.length);
        return new Predictions(values, sampleShape, classes);
    }
}
