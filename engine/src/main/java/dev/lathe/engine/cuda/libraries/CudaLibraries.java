package dev.lathe.engine.cuda.libraries;

/** Placeholder for the loader of the cuBLAS / cuDNN libraries (and their CUDA 13 compatibility libraries). */
public final class CudaLibraries {

    private CudaLibraries() {
    }

    /** Loads cuBLAS and cuDNN before JCublas2 / JCudnn bind to them, or fails naming what is missing. */
    public static void load() {
    }

    /** Which libraries were loaded, and whether through the compatibility path, for {@code lathe devices}. */
    public static String summary() {
        return "library loader not merged";
    }
}
