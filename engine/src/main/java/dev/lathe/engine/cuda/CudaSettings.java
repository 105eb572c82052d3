package dev.lathe.engine.cuda;

import java.util.Locale;

/**
 * Opt-in switches of the CUDA backend. TF32 tensor-core math (matrix products and convolutions
 * with 10-bit mantissas, much faster on Ampere and later) is off unless asked for with the system
 * property {@code lathe.cuda.tf32=true} or the environment variable {@code LATHE_CUDA_TF32=1}: off,
 * results agree with the CPU to float precision.
 */
public final class CudaSettings {

    private CudaSettings() {
    }

    public static boolean tf32() {
        return tf32(System.getProperty("lathe.cuda.tf32"), System.getenv("LATHE_CUDA_TF32"));
    }

    /** The property wins where both are set; "1", "true" and "yes" switch TF32 on. */
    static boolean tf32(String property, String environment) {
        String value = property != null ? property : environment;
        return value != null && switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes" -> true;
            default -> false;
        };
    }
}
