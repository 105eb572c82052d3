package dev.lathe.engine;

/** Element types a tensor can hold. I32 holds class labels and token ids. */
public enum DType {
    F32(4),
    F64(8),
    I32(4);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    public int byteSize() {
        return byteSize;
    }

    public boolean isFloatingPoint() {
        return this != I32;
    }
}
