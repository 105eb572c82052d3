package dev.lathe.train.data;

/** The element types the array formats (IDX, NPY) store, with their size in bytes. */
enum ElementType {
    UINT8(1, true),
    INT8(1, true),
    INT16(2, true),
    INT32(4, true),
    INT64(8, true),
    FLOAT32(4, false),
    FLOAT64(8, false);

    final int width;
    final boolean integer;

    ElementType(int width, boolean integer) {
        this.width = width;
        this.integer = integer;
    }
}
