package dev.lathe.engine.cuda;

/** A CUDA driver, cuBLAS or cuDNN call failed; the message names the call, its arguments and the status. */
public final class CudaCallException extends RuntimeException {

    public CudaCallException(String message) {
        super(message);
    }
}
