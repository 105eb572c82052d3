package dev.lathe.engine.cuda;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Storage;
import dev.lathe.engine.Tensor;
import java.util.function.Consumer;
import jcuda.driver.CUdeviceptr;

/**
 * Device memory behind a CUDA tensor: a block from the backend's caching allocator. Freeing it
 * hands the block back to the allocator (never cuMemFree per tensor), which may reuse it at once:
 * work queued on the backend's single stream runs in order, so a later kernel cannot overtake an
 * earlier one still reading the block.
 */
public final class CudaStorage extends Storage {

    private final CUdeviceptr pointer;
    private final long bytes;
    private final Consumer<CudaStorage> onFree;

    public CudaStorage(Device device, DType dtype, int size, CUdeviceptr pointer, long bytes, Consumer<CudaStorage> onFree) {
        super(device, dtype, size);
        this.pointer = pointer;
        this.bytes = bytes;
        this.onFree = onFree;
    }

    public static CudaStorage of(Tensor t) {
        if (!(t.storage() instanceof CudaStorage s)) {
            throw new IllegalArgumentException("tensor " + t.describe() + " is not on a CUDA device");
        }
        return s;
    }

    /** The device address of the tensor's first element (its storage offset applied). */
    public static CUdeviceptr address(Tensor t) {
        CudaStorage s = of(t);
        return s.pointer.withByteOffset((long) t.offset() * t.dtype().byteSize());
    }

    /** The start of the block. */
    public CUdeviceptr pointer() {
        return pointer;
    }

    /** The block's size in bytes (at least size × element size; the allocator rounds up). */
    public long bytes() {
        return bytes;
    }

    @Override
    protected void free() {
        onFree.accept(this);
    }
}
