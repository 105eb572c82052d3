package dev.lathe.engine.cpu;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Storage;
import dev.lathe.engine.Tensor;

/**
 * Host memory behind a CPU tensor: a Java array of the tensor's dtype. Kernels read and write
 * through {@link #get}/{@link #set} in double precision; the subclasses keep those calls
 * monomorphic or bimorphic at each kernel so the JIT inlines them.
 */
public abstract sealed class CpuStorage extends Storage permits CpuStorage.F32, CpuStorage.F64, CpuStorage.I32 {

    CpuStorage(DType dtype, int size) {
        super(Device.CPU, dtype, size);
    }

    /** A storage of {@code size} zeros. */
    public static CpuStorage allocate(DType dtype, int size) {
        return wrap(dtype, ArrayPool.zeroed(dtype, size));
    }

    /** A storage whose contents are unspecified (see {@link dev.lathe.engine.backend.Backend#empty}). */
    static CpuStorage allocateUninitialized(DType dtype, int size) {
        return wrap(dtype, ArrayPool.uninitialized(dtype, size));
    }

    private static CpuStorage wrap(DType dtype, Object array) {
        return switch (dtype) {
            case F32 -> new F32((float[]) array);
            case F64 -> new F64((double[]) array);
            case I32 -> new I32((int[]) array);
        };
    }

    public static CpuStorage of(Tensor t) {
        if (!(t.storage() instanceof CpuStorage s)) {
            throw new IllegalArgumentException("tensor " + t.describe() + " is not on the CPU");
        }
        return s;
    }

    public abstract double get(int index);

    public abstract void set(int index, double value);

    public abstract void add(int index, double value);

    /** The backing array: float[], double[] or int[]. */
    public abstract Object array();

    /** Sets the elements in [from, to) to {@code value}. */
    public abstract void fill(int from, int to, double value);

    /** Runs shorter than this are copied by a plain loop, which beats System.arraycopy's call on them. */
    private static final int SHORT_RUN = 8;

    /**
     * Copies {@code length} elements of {@code source}, a storage of the same dtype, from
     * {@code sourceOffset} into this one from {@code offset}.
     */
    public abstract void copyRun(CpuStorage source, int sourceOffset, int offset, int length);

    /** Adds {@code length} elements of {@code source}, a storage of the same dtype, from {@code sourceOffset} onto this one from {@code offset}. */
    public abstract void addRun(CpuStorage source, int sourceOffset, int offset, int length);

    /**
     * Sets {@code this[offset + q] = source[sourceOffset + index[indexOffset + q]]} for q in
     * [0, length), or 0 where that index is negative; {@code source} has the same dtype. Through
     * {@link #get}/{@link #set} here, exact for every dtype; F32, the dtype convolutions run fast
     * in, works on its arrays.
     */
    public void gatherRun(CpuStorage source, int sourceOffset, int[] index, int indexOffset, int offset, int length) {
        for (int q = 0; q < length; q++) {
            int at = index[indexOffset + q];
            set(offset + q, at < 0 ? 0 : source.get(sourceOffset + at));
        }
    }

    /**
     * Adds {@code source[sourceOffset + q]} onto {@code this[offset + index[indexOffset + q]]} for q
     * in [0, length) where that index is not negative: the adjoint of {@link #gatherRun}.
     */
    public void scatterAddRun(CpuStorage source, int sourceOffset, int[] index, int indexOffset, int offset, int length) {
        for (int q = 0; q < length; q++) {
            int at = index[indexOffset + q];
            if (at >= 0) {
                add(offset + at, source.get(sourceOffset + q));
            }
        }
    }

    public static final class F32 extends CpuStorage {
        private float[] data;

        F32(float[] data) {
            super(DType.F32, data.length);
            this.data = data;
        }

        public float[] data() {
            return data;
        }

        @Override
        public double get(int index) {
            return data[index];
        }

        @Override
        public void set(int index, double value) {
            data[index] = (float) value;
        }

        @Override
        public void add(int index, double value) {
            data[index] += (float) value;
        }

        @Override
        public Object array() {
            return data;
        }

        @Override
        public void fill(int from, int to, double value) {
            java.util.Arrays.fill(data, from, to, (float) value);
        }

        @Override
        public void copyRun(CpuStorage source, int sourceOffset, int offset, int length) {
            float[] from = ((F32) source).data;
            if (length >= SHORT_RUN) {
                System.arraycopy(from, sourceOffset, data, offset, length);
                return;
            }
            for (int i = 0; i < length; i++) {
                data[offset + i] = from[sourceOffset + i];
            }
        }

        @Override
        public void addRun(CpuStorage source, int sourceOffset, int offset, int length) {
            float[] from = ((F32) source).data;
            for (int i = 0; i < length; i++) {
                data[offset + i] += from[sourceOffset + i];
            }
        }

        @Override
        public void gatherRun(CpuStorage source, int sourceOffset, int[] index, int indexOffset, int offset, int length) {
            float[] from = ((F32) source).data;
            float[] to = data;
            for (int q = 0; q < length; q++) {
                int at = index[indexOffset + q];
                to[offset + q] = at < 0 ? 0 : from[sourceOffset + at];
            }
        }

        @Override
        public void scatterAddRun(CpuStorage source, int sourceOffset, int[] index, int indexOffset, int offset, int length) {
            float[] from = ((F32) source).data;
            float[] to = data;
            for (int q = 0; q < length; q++) {
                int at = index[indexOffset + q];
                if (at >= 0) {
                    to[offset + at] += from[sourceOffset + q];
                }
            }
        }

        @Override
        protected void free() {
            ArrayPool.recycle(dtype(), data, data.length);
            data = null;
        }
    }

    public static final class F64 extends CpuStorage {
        private double[] data;

        F64(double[] data) {
            super(DType.F64, data.length);
            this.data = data;
        }

        public double[] data() {
            return data;
        }

        @Override
        public double get(int index) {
            return data[index];
        }

        @Override
        public void set(int index, double value) {
            data[index] = value;
        }

        @Override
        public void add(int index, double value) {
            data[index] += value;
        }

        @Override
        public Object array() {
            return data;
        }

        @Override
        public void fill(int from, int to, double value) {
            java.util.Arrays.fill(data, from, to, value);
        }

        @Override
        public void copyRun(CpuStorage source, int sourceOffset, int offset, int length) {
            double[] from = ((F64) source).data;
            if (length >= SHORT_RUN) {
                System.arraycopy(from, sourceOffset, data, offset, length);
                return;
            }
            for (int i = 0; i < length; i++) {
                data[offset + i] = from[sourceOffset + i];
            }
        }

        @Override
        public void addRun(CpuStorage source, int sourceOffset, int offset, int length) {
            double[] from = ((F64) source).data;
            for (int i = 0; i < length; i++) {
                data[offset + i] += from[sourceOffset + i];
            }
        }

        @Override
        protected void free() {
            ArrayPool.recycle(dtype(), data, data.length);
            data = null;
        }
    }

    public static final class I32 extends CpuStorage {
        private int[] data;

        I32(int[] data) {
            super(DType.I32, data.length);
            this.data = data;
        }

        public int[] data() {
            return data;
        }

        @Override
        public double get(int index) {
            return data[index];
        }

        @Override
        public void set(int index, double value) {
            data[index] = (int) value;
        }

        @Override
        public void add(int index, double value) {
            data[index] += (int) value;
        }

        @Override
        public Object array() {
            return data;
        }

        @Override
        public void fill(int from, int to, double value) {
            java.util.Arrays.fill(data, from, to, (int) value);
        }

        @Override
        public void copyRun(CpuStorage source, int sourceOffset, int offset, int length) {
            int[] from = ((I32) source).data;
            if (length >= SHORT_RUN) {
                System.arraycopy(from, sourceOffset, data, offset, length);
                return;
            }
            for (int i = 0; i < length; i++) {
                data[offset + i] = from[sourceOffset + i];
            }
        }

        @Override
        public void addRun(CpuStorage source, int sourceOffset, int offset, int length) {
            int[] from = ((I32) source).data;
            for (int i = 0; i < length; i++) {
                data[offset + i] += from[sourceOffset + i];
            }
        }

        @Override
        protected void free() {
            ArrayPool.recycle(dtype(), data, data.length);
            data = null;
        }
    }
}
