package dev.lathe.train.data;

import dev.lathe.engine.Shapes;
import java.nio.file.Path;
import java.util.Arrays;

/** A dataset from a features array and a labels array read from files (IDX, NPY), checked against each other. */
final class ArrayFiles {

    private ArrayFiles() {
    }

    /**
     * Features [N, ...] times {@code scale} ([N] becomes [N, 1]; with {@code addChannel}, [N, H, W]
     * becomes [N, 1, H, W]); integer labels [N] or [N, 1] are class indices, floating labels
     * [N, ...] regression targets.
     */
    static ArrayDataset dataset(NdArray features, Path featuresFile, NdArray labels, Path labelsFile, float scale,
                                boolean addChannel) {
        int[] dims = features.shape();
        if (dims.length == 0) {
            throw DataFiles.invalid(featuresFile, "features need a sample dimension, got a scalar");
        }
        int n = dims[0];
        if (n == 0) {
            throw DataFiles.invalid(featuresFile, "the dataset is empty");
        }
        int[] sampleShape = dims.length == 1 ? new int[] {1} : Arrays.copyOfRange(dims, 1, dims.length);
        if (addChannel && dims.length == 3) {
            sampleShape = new int[] {1, dims[1], dims[2]};
        }
        int[] labelDims = labels.shape();
        if (labelDims.length == 0 || labelDims[0] != n) {
            throw DataFiles.invalid(labelsFile, "labels of shape [" + Shapes.format(labelDims) + "] do not match the " + n
                    + " samples of " + featuresFile);
        }
        float[] values = features.toFloats(scale);
        if (!labels.isInteger()) {
            int[] targetShape = labelDims.length == 1 ? new int[] {1} : Arrays.copyOfRange(labelDims, 1, labelDims.length);
            return ArrayDataset.ofValues(values, sampleShape, labels.floats(), targetShape);
        }
        if (labelDims.length > 2 || (labelDims.length == 2 && labelDims[1] != 1)) {
            throw DataFiles.invalid(labelsFile, "class labels must have shape [" + n + "] or [" + n + ", 1], got ["
                    + Shapes.format(labelDims) + "]");
        }
        int[] classes = labels.ints();
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] < 0) {
                throw DataFiles.invalid(labelsFile, "label " + classes[i] + " of sample " + i + " is negative");
            }
        }
        return ArrayDataset.ofClasses(values, sampleShape, classes, null);
    }
}
