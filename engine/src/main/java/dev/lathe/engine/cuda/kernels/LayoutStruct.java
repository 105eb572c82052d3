package dev.lathe.engine.cuda.kernels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The bytes of native/src/main/cuda/layout.cuh's {@code struct Layout}, which kernels take by value:
 * one operand's shape and element strides. The offsets here and the header's static_asserts are the
 * two halves of one definition; change both together.
 */
public final class LayoutStruct {

    public static final int MAX_RANK = 8;
    public static final int RANK_OFFSET = 0;
    public static final int PAD_OFFSET = 4;
    public static final int SHAPE_OFFSET = 8;
    public static final int STRIDE_OFFSET = SHAPE_OFFSET + 8 * MAX_RANK;
    public static final int BYTES = STRIDE_OFFSET + 8 * MAX_RANK;

    private final long[] shape;
    private final long[] strides;

    public LayoutStruct(long[] shape, long[] strides) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("layout of rank " + shape.length + " given " + strides.length + " strides");
        }
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException("CUDA kernels take operands of at most " + MAX_RANK
                    + " dimensions (after merging contiguous ones), got shape " + Arrays.toString(shape));
        }
        this.shape = shape.clone();
        this.strides = strides.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long[] shape() {
        return shape.clone();
    }

    public long[] strides() {
        return strides.clone();
    }

    /** Little-endian C layout: rank, zero padding, then shape and strides each padded to MAX_RANK with zeros. */
    public byte[] bytes() {
        ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(RANK_OFFSET, shape.length);
        b.putInt(PAD_OFFSET, 0);
        for (int d = 0; d < shape.length; d++) {
            b.putLong(SHAPE_OFFSET + 8 * d, shape[d]);
            b.putLong(STRIDE_OFFSET + 8 * d, strides[d]);
        }
        return b.array();
    }

    @Override
    public String toString() {
        return "Layout" + Arrays.toString(shape) + " strides " + Arrays.toString(strides);
    }
}
