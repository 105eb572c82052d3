package dev.lathe.engine.cuda;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * One GPU's primary context and the single stream all of Lathe's work on it is queued on. Work on
 * one stream runs in order, so nothing synchronises per op: only reading values back to the host
 * waits ({@link #synchronize}). The stream is a blocking one, so the synchronous driver copies
 * (which run on the legacy default stream) also wait for the work queued before them.
 */
final class CudaContext {

    private final CudaDeviceInfo info;
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();

    CudaContext(int index) {
        CUdevice device = CudaDriver.device(index);
        info = CudaDriver.info(index);
        CudaCalls.driver(JCudaDriver.cuDevicePrimaryCtxRetain(context, device), () -> "cuDevicePrimaryCtxRetain(cuda:" + index + ")");
        bind();
        CudaCalls.driver(JCudaDriver.cuStreamCreate(stream, 0), () -> "cuStreamCreate(cuda:" + index + ")");
    }

    CudaDeviceInfo info() {
        return info;
    }

    CUstream stream() {
        return stream;
    }

    /**
     * Makes this GPU's context current on the calling thread. Every entry point calls it: a thread
     * may drive several GPUs, and the driver's current context is per thread.
     */
    void bind() {
        CudaCalls.driver(JCudaDriver.cuCtxSetCurrent(context), () -> "cuCtxSetCurrent(cuda:" + info.index() + ")");
    }

    /** Waits until everything queued on the stream has run; errors of earlier kernels surface here. */
    void synchronize() {
        bind();
        CudaCalls.driver(JCudaDriver.cuStreamSynchronize(stream), () -> "cuStreamSynchronize(cuda:" + info.index()
                + ") (an error here may come from any kernel or library call queued before it)");
    }
}
