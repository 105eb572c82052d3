package dev.lathe.train.data;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.Shapes;
import java.util.Arrays;
import java.util.List;

/**
 * Samples held in memory as flat arrays: features of one shape, either floats (images, vectors)
 * or int token ids (text, with a padding id from which the mask of real tokens follows, and
 * optional segment ids), and targets, either class indices (with optional class names) or float
 * values of one shape (regression). Every format and dataset recipe produces one.
 */
public final class ArrayDataset {

    /** No padding id: every token is real. */
    public static final int NO_PADDING = -1;

    private final int[] sampleShape;
    private final float[] features;
    private final int[] tokenIds;
    private final int paddingId;
    private final int[] segments;
    private final int[] labels;
    private final float[] targets;
    private final int[] targetShape;
    private final List<String> classNames;

    private ArrayDataset(int[] sampleShape, float[] features, int[] tokenIds, int paddingId, int[] segments,
                         int[] labels, float[] targets, int[] targetShape, List<String> classNames) {
        this.sampleShape = sampleShape.clone();
        this.features = features;
        this.tokenIds = tokenIds;
        this.paddingId = paddingId;
        this.segments = segments;
        this.labels = labels;
        this.targets = targets;
        this.targetShape = targetShape == null ? null : targetShape.clone();
        this.classNames = classNames == null ? null : List.copyOf(classNames);
        int n = size();
        int per = Shapes.numel(this.sampleShape);
        int length = features != null ? features.length : tokenIds.length;
        if (per == 0 || length != n * per || (segments != null && segments.length != length)
                || (targets != null && targets.length != n * Shapes.numel(targetShape))) {
            throw new IllegalArgumentException("dataset arrays do not agree: " + n + " samples of [" + Shapes.format(sampleShape)
                    + "] need " + n * per + " feature values, got " + length);
        }
        if (n == 0) {
            throw new InvalidInputException("the dataset is empty");
        }
        if (labels != null && classNames != null) {
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= classNames.size()) {
                    throw new InvalidInputException("label " + labels[i] + " of sample " + i + " is out of range for "
                            + classNames.size() + " classes");
                }
            }
        }
    }

    /** Float features with class labels; {@code classNames} may be null (then classes are 0 … max label). */
    public static ArrayDataset ofClasses(float[] features, int[] sampleShape, int[] labels, List<String> classNames) {
        return new ArrayDataset(sampleShape, features, null, NO_PADDING, null, labels, null, null, names(labels, classNames));
    }

    /** Token ids [N, T] (padded with {@code paddingId}, or NO_PADDING) with class labels; segments may be null. */
    public static ArrayDataset ofTokens(int[] tokenIds, int length, int paddingId, int[] segments, int[] labels, List<String> classNames) {
        return new ArrayDataset(new int[] {length}, null, tokenIds, paddingId, segments, labels, null, null, names(labels, classNames));
    }

    /** Float features with float targets of {@code targetShape} per sample (regression). */
    public static ArrayDataset ofValues(float[] features, int[] sampleShape, float[] targets, int[] targetShape) {
        return new ArrayDataset(sampleShape, features, null, NO_PADDING, null, null, targets, targetShape, null);
    }

    private static List<String> names(int[] labels, List<String> classNames) {
        if (classNames != null) {
            return classNames;
        }
        int max = -1;
        for (int label : labels) {
            if (label < 0) {
                throw new InvalidInputException("label " + label + " is negative");
            }
            max = Math.max(max, label);
        }
        String[] names = new String[max + 1];
        for (int c = 0; c <= max; c++) {
            names[c] = Integer.toString(c);
        }
        return List.of(names);
    }

    public int size() {
        return labels != null ? labels.length : targets.length / Shapes.numel(targetShape);
    }

    /** The shape of one sample, without the batch dimension. */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    public boolean hasTokenIds() {
        return tokenIds != null;
    }

    public boolean hasClasses() {
        return labels != null;
    }

    /** The number of classes, or 0 for regression targets (what a {@code Trainer} is made with). */
    public int classCount() {
        return labels == null ? 0 : classNames.size();
    }

    /** Class names by index; null for regression targets. */
    public List<String> classNames() {
        return classNames;
    }

    /** Class index of every sample (a copy); null for regression targets. */
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    /** The samples at {@code indices}, in that order, as a new dataset. */
    public ArrayDataset subset(int[] indices) {
        int per = Shapes.numel(sampleShape);
        int perTarget = targets == null ? 0 : Shapes.numel(targetShape);
        return new ArrayDataset(sampleShape,
                features == null ? null : gather(features, indices, per),
                tokenIds == null ? null : gather(tokenIds, indices, per),
                paddingId,
                segments == null ? null : gather(segments, indices, per),
                labels == null ? null : gather(labels, indices, 1),
                targets == null ? null : gather(targets, indices, perTarget),
                targetShape, classNames);
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive), in order. */
    public ArrayDataset range(int from, int to) {
        int[] indices = new int[to - from];
        Arrays.setAll(indices, i -> from + i);
        return subset(indices);
    }

    /**
     * The batch of samples at {@code indices} on {@code device}. Class labels become I32 [B];
     * {@code labelsAsValues} turns them into F32 [B, 1] instead (binary cross-entropy wants values).
     */
    public Batch batch(int[] indices, Device device, boolean labelsAsValues) {
        return hostBatch(indices, labelsAsValues).upload(device);
    }

    /** The same batch as host arrays, for a loader that gathers on another thread than the one making tensors. */
    public HostBatch hostBatch(int[] indices, boolean labelsAsValues) {
        int b = indices.length;
        int per = Shapes.numel(sampleShape);
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = b;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        int[] ids = tokenIds == null ? null : gather(tokenIds, indices, per);
        float[] mask = null;
        if (ids != null && paddingId != NO_PADDING) {
            mask = new float[ids.length];
            for (int i = 0; i < ids.length; i++) {
                mask[i] = ids[i] == paddingId ? 0 : 1;
            }
        }
        int[] segmentIds = segments == null ? null : gather(segments, indices, per);
        float[] featureValues = features == null ? null : gather(features, indices, per);
        if (labels != null && !labelsAsValues) {
            return new HostBatch(shape, featureValues, ids, mask, segmentIds, gather(labels, indices, 1), null, null);
        }
        if (labels != null) {
            float[] values = new float[b];
            for (int i = 0; i < b; i++) {
                values[i] = labels[indices[i]];
            }
            return new HostBatch(shape, featureValues, ids, mask, segmentIds, null, values, new int[] {b, 1});
        }
        int[] tshape = new int[targetShape.length + 1];
        tshape[0] = b;
        System.arraycopy(targetShape, 0, tshape, 1, targetShape.length);
        return new HostBatch(shape, featureValues, ids, mask, segmentIds, null,
                gather(targets, indices, Shapes.numel(targetShape)), tshape);
    }

    private static float[] gather(float[] source, int[] indices, int per) {
        float[] out = new float[indices.length * per];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(source, indices[i] * per, out, i * per, per);
        }
        return out;
    }

    private static int[] gather(int[] source, int[] indices, int per) {
        int[] out = new int[indices.length * per];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(source, indices[i] * per, out, i * per, per);
        }
        return out;
    }

    /** The element type of the inputs a batch holds. */
    public DType inputType() {
        return tokenIds != null ? DType.I32 : DType.F32;
    }
}
