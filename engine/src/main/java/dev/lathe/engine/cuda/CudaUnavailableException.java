package dev.lathe.engine.cuda;

/** A CUDA device cannot be used on this machine; the one-line message names what is missing. */
public final class CudaUnavailableException extends IllegalStateException {

    public CudaUnavailableException(String message) {
        super(message);
    }
}
