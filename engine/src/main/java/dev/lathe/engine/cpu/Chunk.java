package dev.lathe.engine.cpu;

import java.util.Arrays;

/**
 * Moves runs of CPU storage in and out of double-precision scratch arrays, so elementwise
 * kernels compute in plain array loops the JIT can vectorise instead of a virtual get/set and
 * an op dispatch per element. Values pass through double exactly as {@link CpuStorage#get} and
 * {@link CpuStorage#set} pass them, so results are the same as element by element.
 */
final class Chunk {

    /** Elements per chunk: small enough that a few scratch arrays stay in the L1/L2 cache. */
    static final int LENGTH = 1024;

    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[4][LENGTH]);

    /** One chunk of elements: {@code length <= LENGTH}, each operand starting at {@code offsets[k]} with step {@code steps[k]}. */
    @FunctionalInterface
    interface Body {
        void run(int length, int[] offsets, int[] steps, double[][] scratch);
    }

    private Chunk() {
    }

    /** Like {@link StridedCursor#forEach}, with runs cut to at most {@link #LENGTH} and the calling thread's scratch arrays. */
    static void forEach(int[] shape, int[][] operandStrides, int[] baseOffsets, long costPerElement, Body body) {
        StridedCursor.forEach(shape, operandStrides, baseOffsets, costPerElement, (n, off, step) -> {
            double[][] scratch = SCRATCH.get();
            if (n <= LENGTH) {
                body.run(n, off, step, scratch);
                return;
            }
            int[] at = off.clone();
            for (int done = 0; done < n; done += LENGTH) {
                for (int k = 0; k < at.length; k++) {
                    at[k] = off[k] + done * step[k];
                }
                body.run(Math.min(LENGTH, n - done), at, step, scratch);
            }
        });
    }

    /** The calling thread's scratch arrays, {@link #LENGTH} long each. */
    static double[][] scratch() {
        return SCRATCH.get();
    }

    /** Reads {@code n} elements from {@code offset} every {@code step} (0 repeats one element) into {@code into[0, n)}. */
    static void load(CpuStorage s, int offset, int step, int n, double[] into) {
        if (s instanceof CpuStorage.F32 f) {
            float[] d = f.data();
            if (step == 1) {
                for (int j = 0; j < n; j++) {
                    into[j] = d[offset + j];
                }
            } else if (step == 0) {
                Arrays.fill(into, 0, n, d[offset]);
            } else {
                for (int j = 0; j < n; j++) {
                    into[j] = d[offset + j * step];
                }
            }
        } else if (s instanceof CpuStorage.F64 f) {
            double[] d = f.data();
            if (step == 1) {
                System.arraycopy(d, offset, into, 0, n);
            } else if (step == 0) {
                Arrays.fill(into, 0, n, d[offset]);
            } else {
                for (int j = 0; j < n; j++) {
                    into[j] = d[offset + j * step];
                }
            }
        } else {
            int[] d = ((CpuStorage.I32) s).data();
            for (int j = 0; j < n; j++) {
                into[j] = d[offset + j * step];
            }
        }
    }

    /** Writes {@code from[0, n)} to {@code n} elements from {@code offset} every {@code step}, rounding to the storage's dtype. */
    static void store(double[] from, int n, CpuStorage s, int offset, int step) {
        if (s instanceof CpuStorage.F32 f) {
            float[] d = f.data();
            if (step == 1) {
                for (int j = 0; j < n; j++) {
                    d[offset + j] = (float) from[j];
                }
            } else {
                for (int j = 0; j < n; j++) {
                    d[offset + j * step] = (float) from[j];
                }
            }
        } else if (s instanceof CpuStorage.F64 f) {
            double[] d = f.data();
            if (step == 1) {
                System.arraycopy(from, 0, d, offset, n);
            } else {
                for (int j = 0; j < n; j++) {
                    d[offset + j * step] = from[j];
                }
            }
        } else {
            int[] d = ((CpuStorage.I32) s).data();
            for (int j = 0; j < n; j++) {
                d[offset + j * step] = (int) from[j];
            }
        }
    }
}
