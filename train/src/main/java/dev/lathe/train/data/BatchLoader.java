package dev.lathe.train.data;

import dev.lathe.engine.Device;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A dataset in batches of {@code batchSize} samples (the last one may be smaller), in order or
 * shuffled anew each epoch. Epoch e's order depends only on the seed and e, never on what ran
 * before, so a run resumed at epoch e sees the same batches as an uninterrupted one. While the
 * caller trains on one batch, a background thread gathers the next one into host arrays; the
 * tensors are made by {@link Iterator#next()} on the caller's thread, so call it inside the
 * step's MemoryScope and the batch is freed with the step:
 *
 * <pre>{@code
 * Iterator<Batch> batches = loader.epoch(epoch);
 * while (batches.hasNext()) {
 *     try (MemoryScope step = MemoryScope.open()) {
 *         Batch batch = batches.next();
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class BatchLoader {

    private static final ThreadPoolExecutor PREFETCH = prefetchThread();

    private final ArrayDataset data;
    private final int batchSize;
    private final Device device;
    private final boolean labelsAsValues;
    private final boolean shuffle;
    private final long seed;

    private BatchLoader(ArrayDataset data, int batchSize, Device device, boolean labelsAsValues, boolean shuffle, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.device = device;
        this.labelsAsValues = labelsAsValues;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    /** Samples in dataset order every epoch (evaluation, prediction). {@code labelsAsValues} as in ArrayDataset.batch. */
    public static BatchLoader inOrder(ArrayDataset data, int batchSize, Device device, boolean labelsAsValues) {
        return new BatchLoader(data, batchSize, device, labelsAsValues, false, 0);
    }

    /** Samples in a fresh random order each epoch, drawn from {@code seed} and the epoch number. */
    public static BatchLoader shuffled(ArrayDataset data, int batchSize, Device device, boolean labelsAsValues, long seed) {
        return new BatchLoader(data, batchSize, device, labelsAsValues, true, seed);
    }

    public int batchCount() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    /** The sample indices of {@code epoch} (counting from 0), in the order the batches take them. */
    public int[] order(int epoch) {
        int n = data.size();
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        if (shuffle) {
            SplittableRandom random = new SplittableRandom(mix(mix(seed) + epoch));
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** The batches of {@code epoch}. */
    public Iterator<Batch> epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /** The batches of {@code epoch} from batch {@code firstBatch} on (to resume; 0 ≤ firstBatch ≤ batchCount()). */
    public Iterator<Batch> epoch(int epoch, int firstBatch) {
        if (firstBatch < 0 || firstBatch > batchCount()) {
            throw new IllegalArgumentException("first batch " + firstBatch + " is outside the " + batchCount() + " batches of an epoch");
        }
        return new Batches(order(epoch), firstBatch);
    }

    /** SplitMix64's finaliser: nearby seeds and epochs give unrelated streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One daemon thread shared by every loader, gone after a minute idle: gathering is cheap next to a step. */
    private static ThreadPoolExecutor prefetchThread() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "lathe-batch-prefetch");
            thread.setDaemon(true);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private final class Batches implements Iterator<Batch> {
        private final int[] order;
        private int next;
        private Future<HostBatch> pending;

        Batches(int[] order, int first) {
            this.order = order;
            this.next = first;
            this.pending = prefetch(first);
        }

        @Override
        public boolean hasNext() {
            return next < batchCount();
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the epoch has " + batchCount() + " batches");
            }
            HostBatch host = await(pending);
            next++;
            pending = prefetch(next);
            return host.upload(device);
        }

        private Future<HostBatch> prefetch(int index) {
            if (index >= batchCount()) {
                return null;
            }
            int[] indices = Arrays.copyOfRange(order, index * batchSize, Math.min(order.length, (index + 1) * batchSize));
            return PREFETCH.submit(() -> data.hostBatch(indices, labelsAsValues));
        }

        private HostBatch await(Future<HostBatch> future) {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the next batch", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("gathering a batch failed: " + e.getCause(), e.getCause());
            }
        }
    }
}
