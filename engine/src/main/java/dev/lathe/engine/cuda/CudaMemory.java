package dev.lathe.engine.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/** cuMemAlloc / cuMemFree on one GPU, under the caching allocator. */
final class CudaMemory implements DeviceMemory<CUdeviceptr> {

    private final CudaContext context;

    CudaMemory(CudaContext context) {
        this.context = context;
    }

    @Override
    public CUdeviceptr allocate(long bytes) {
        context.bind();
        CUdeviceptr pointer = new CUdeviceptr();
        int status = JCudaDriver.cuMemAlloc(pointer, bytes);
        if (status == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            return null;
        }
        CudaCalls.driver(status, () -> "cuMemAlloc(" + bytes + " bytes on cuda:" + context.info().index() + ")");
        return pointer;
    }

    /** Waits for the stream first: a cached block may still be read by queued work. */
    @Override
    public void free(CUdeviceptr block) {
        context.synchronize();
        CudaCalls.driver(JCudaDriver.cuMemFree(block), () -> "cuMemFree(cuda:" + context.info().index() + ")");
    }

    @Override
    public long freeBytes() {
        return info()[0];
    }

    @Override
    public long totalBytes() {
        return info()[1];
    }

    private long[] info() {
        context.bind();
        long[] free = new long[1];
        long[] total = new long[1];
        CudaCalls.driver(JCudaDriver.cuMemGetInfo(free, total), () -> "cuMemGetInfo(cuda:" + context.info().index() + ")");
        return new long[] {free[0], total[0]};
    }
}
