package dev.lathe.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lathe.engine.Device;
import dev.lathe.engine.MemoryScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {

    /** Sample i has the single feature i and the label i % 3, so a batch shows which samples it holds. */
    private static ArrayDataset numbered(int n) {
        float[] features = new float[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            features[i] = i;
            labels[i] = i % 3;
        }
        return ArrayDataset.ofClasses(features, new int[] {1}, labels, null);
    }

    /** The sample numbers of each batch, checking every batch's labels against its samples. */
    private static List<int[]> drain(Iterator<Batch> batches) {
        List<int[]> out = new ArrayList<>();
        while (batches.hasNext()) {
            try (MemoryScope step = MemoryScope.open()) {
                Batch batch = batches.next();
                float[] features = batch.inputs().toFloatArray();
                int[] samples = new int[features.length];
                int[] expectedLabels = new int[features.length];
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = (int) features[i];
                    expectedLabels[i] = samples[i] % 3;
                }
                assertArrayEquals(expectedLabels, batch.targets().toIntArray());
                out.add(samples);
            }
        }
        return out;
    }

    private static int[] flatten(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void inOrderBatchesKeepTheLastPartialBatch() {
        BatchLoader loader = BatchLoader.inOrder(numbered(10), 3, Device.CPU, false);
        assertEquals(4, loader.batchCount());
        List<int[]> batches = drain(loader.epoch(0));
        assertEquals(4, batches.size());
        assertArrayEquals(new int[] {0, 1, 2}, batches.get(0));
        assertArrayEquals(new int[] {9}, batches.get(3));
        assertArrayEquals(flatten(batches), flatten(drain(loader.epoch(5))));
    }

    @Test
    void everyEpochCoversEverySampleOnce() {
        BatchLoader loader = BatchLoader.shuffled(numbered(25), 4, Device.CPU, false, 42);
        int[] identity = new int[25];
        Arrays.setAll(identity, i -> i);
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] seen = flatten(drain(loader.epoch(epoch)));
            assertArrayEquals(loader.order(epoch), seen);
            int[] sorted = seen.clone();
            Arrays.sort(sorted);
            assertArrayEquals(identity, sorted);
            assertFalse(Arrays.equals(identity, seen), "epoch " + epoch + " was not shuffled");
        }
    }

    @Test
    void orderDependsOnlyOnSeedAndEpoch() {
        ArrayDataset data = numbered(50);
        BatchLoader first = BatchLoader.shuffled(data, 8, Device.CPU, false, 7);
        for (int epoch = 0; epoch < 3; epoch++) {
            drain(first.epoch(epoch));
        }
        BatchLoader resumed = BatchLoader.shuffled(data, 8, Device.CPU, false, 7);
        assertArrayEquals(first.order(2), flatten(drain(resumed.epoch(2))));
        assertFalse(Arrays.equals(first.order(0), first.order(1)));
        assertFalse(Arrays.equals(first.order(1), first.order(2)));
        assertFalse(Arrays.equals(first.order(0), BatchLoader.shuffled(data, 8, Device.CPU, false, 8).order(0)));
    }

    @Test
    void startsFromAGivenBatch() {
        BatchLoader loader = BatchLoader.shuffled(numbered(20), 6, Device.CPU, false, 3);
        List<int[]> all = drain(loader.epoch(1));
        List<int[]> tail = drain(loader.epoch(1, 2));
        assertEquals(2, tail.size());
        assertArrayEquals(all.get(2), tail.get(0));
        assertArrayEquals(all.get(3), tail.get(1));
        assertFalse(loader.epoch(1, 4).hasNext());
        assertThrows(IllegalArgumentException.class, () -> loader.epoch(1, 5));
        assertThrows(NoSuchElementException.class, () -> loader.epoch(0, 4).next());
    }

    @Test
    void batchTensorsBelongToTheConsumersScope() {
        Iterator<Batch> batches = BatchLoader.inOrder(numbered(4), 2, Device.CPU, true).epoch(0);
        try (MemoryScope step = MemoryScope.open()) {
            Batch batch = batches.next();
            assertEquals(2, step.ownedCount()); // inputs and targets, made on this thread
            assertArrayEquals(new int[] {2, 1}, batch.targets().shape());
            assertArrayEquals(new float[] {0, 1}, batch.targets().toFloatArray());
        }
    }
}
