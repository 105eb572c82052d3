package dev.lathe.engine.io;

import dev.lathe.engine.DType;

/**
 * The safetensors element types Lathe reads, with their on-disk sizes and the Lathe dtype each
 * becomes: half precision widens to F32 (Hugging Face checkpoints are often F16 or BF16), I64
 * narrows to I32 when every value fits.
 */
enum FileDType {
    F16(2, DType.F32),
    BF16(2, DType.F32),
    F32(4, DType.F32),
    F64(8, DType.F64),
    I32(4, DType.I32),
    I64(8, DType.I32);

    private final int byteSize;
    private final DType latheType;

    FileDType(int byteSize, DType latheType) {
        this.byteSize = byteSize;
        this.latheType = latheType;
    }

    int byteSize() {
        return byteSize;
    }

    DType latheType() {
        return latheType;
    }

    /** The type named in a header, or null when Lathe does not read it. */
    static FileDType parse(String name) {
        for (FileDType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** How a Lathe tensor of {@code dtype} is stored: unchanged. */
    static FileDType of(DType dtype) {
        return switch (dtype) {
            case F32 -> F32;
            case F64 -> F64;
            case I32 -> I32;
        };
    }
}
