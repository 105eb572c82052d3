package dev.lathe.engine.cuda.libraries;

/** A library the CUDA backend needs is not on this machine (or cannot be loaded); the message says which and where it looked. */
public class MissingCudaLibraryException extends RuntimeException {

    public MissingCudaLibraryException(String message) {
        super(message);
    }

    public MissingCudaLibraryException(String message, Throwable cause) {
        super(message, cause);
    }
}
