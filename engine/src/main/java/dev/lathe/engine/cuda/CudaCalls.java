package dev.lathe.engine.cuda;

import java.util.function.Supplier;
import jcuda.driver.CUresult;
import jcuda.jcublas.cublasStatus;
import jcuda.jcudnn.cudnnStatus;

/**
 * Status checks for the driver, cuBLAS and cuDNN calls. JCuda's own exceptions stay off: they carry
 * only the status name, while these name the call and its arguments. Kernel launches run
 * asynchronously, so a failing kernel surfaces at the next call that waits for the stream.
 */
final class CudaCalls {

    private CudaCalls() {
    }

    static void driver(int status, Supplier<String> call) {
        if (status != CUresult.CUDA_SUCCESS) {
            throw new CudaCallException(call.get() + " failed: " + CUresult.stringFor(status));
        }
    }

    static void cublas(int status, Supplier<String> call) {
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw new CudaCallException(call.get() + " failed: " + cublasStatus.stringFor(status));
        }
    }

    static void cudnn(int status, Supplier<String> call) {
        if (status != cudnnStatus.CUDNN_STATUS_SUCCESS) {
            throw new CudaCallException(call.get() + " failed: " + cudnnStatus.stringFor(status));
        }
    }
}
