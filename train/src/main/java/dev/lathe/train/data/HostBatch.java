package dev.lathe.train.data;

import dev.lathe.engine.Device;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.Backend;
import dev.lathe.engine.backend.Backends;

/**
 * A batch gathered into host arrays, which any thread may build; {@link #upload} makes the tensors
 * on the calling thread, so they belong to that thread's open MemoryScope (the training step's).
 * Exactly one of features/tokenIds and one of labels/targets is set; mask and segments may be null.
 */
public final class HostBatch {

    private final int[] inputShape;
    private final float[] features;
    private final int[] tokenIds;
    private final float[] mask;
    private final int[] segments;
    private final int[] labels;
    private final float[] targets;
    private final int[] targetShape;

    HostBatch(int[] inputShape, float[] features, int[] tokenIds, float[] mask, int[] segments,
              int[] labels, float[] targets, int[] targetShape) {
        this.inputShape = inputShape;
        this.features = features;
        this.tokenIds = tokenIds;
        this.mask = mask;
        this.segments = segments;
        this.labels = labels;
        this.targets = targets;
        this.targetShape = targetShape;
    }

    public int size() {
        return inputShape[0];
    }

    public Batch upload(Device device) {
        Backend backend = Backends.of(device);
        Tensor inputs = features != null ? backend.fromArray(features, inputShape) : backend.fromArray(tokenIds, inputShape);
        Tensor maskTensor = mask == null ? null : backend.fromArray(mask, inputShape);
        Tensor segmentTensor = segments == null ? null : backend.fromArray(segments, inputShape);
        Tensor out = labels != null ? backend.fromArray(labels, size()) : backend.fromArray(targets, targetShape);
        return new Batch(inputs, maskTensor, segmentTensor, out);
    }
}
