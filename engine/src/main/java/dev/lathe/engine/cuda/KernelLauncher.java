package dev.lathe.engine.cuda;

import dev.lathe.engine.DType;
import dev.lathe.engine.Tensor;
import jcuda.Pointer;

/**
 * What the kernel wrappers of each op family need from the CUDA backend: launching a kernel of one
 * of the PTX modules built from native/src/main/cuda/&lt;family&gt;.cu on the backend's stream, and
 * allocating device tensors. Launches are asynchronous; nothing here synchronises with the host.
 *
 * <p>Kernel parameters are passed as JCuda pointers to each value, in the kernel's order:
 * {@code Pointer.to(CudaStorage.address(t))} for a tensor, {@code Pointer.to(new long[] {n})} for a
 * {@code long long}, {@code Pointer.to(new int[] {k})}, {@code Pointer.to(new float[] {x})}, or
 * {@code Pointer.to(bytes)} for a struct passed by value (little-endian, C layout).
 */
public interface KernelLauncher {

    /**
     * Launches {@code kernel} over {@code n} work items with the backend's default block size and a
     * grid capped to keep every multiprocessor busy: the kernels walk their items in grid-stride loops.
     * Does nothing when {@code n} is 0.
     */
    void launch(String family, String kernel, long n, Pointer... args);

    /** Launches with an explicit grid, block and dynamic shared memory (reductions, softmax, layer norm). */
    void launch(String family, String kernel, int gridX, int blockX, int sharedBytes, Pointer... args);

    /** An uninitialised tensor in this backend's device memory. */
    Tensor empty(DType dtype, int... shape);

    /**
     * The device error word: an I32 tensor of {@code DeviceErrors.WORDS} elements, zeroed once when the
     * backend starts, where kernels report an invalid index (see
     * {@link dev.lathe.engine.cuda.kernels.DeviceErrors}). The backend checks it whenever it
     * synchronises with the host and throws the error it reports.
     */
    Tensor errorWord();
}
