package dev.lathe.engine.cuda.kernels;

/**
 * The device error word (common.cuh): {@link #WORDS} I32 elements in device memory, zero while all is
 * well. A kernel that meets an index outside its range does not follow it (the element reads as 0 or
 * adds nothing) and, if the word is still clear, writes its op code into word 0, the index into
 * word 1 and the size it had to stay below into word 2. The backend hands the word out through
 * {@link dev.lathe.engine.cuda.KernelLauncher#errorWord()}, reads it whenever it synchronises with
 * the host, and where word 0 is set zeroes it and throws {@link #error(int[])}: the CPU backend's
 * error, raised at the next synchronisation instead of at the call.
 */
public final class DeviceErrors {

    public static final int WORDS = 4;

    /** Op names by code (LATHE_ERR_* in common.cuh); code 0 means no error. */
    private static final String[] OPS = {null, "index_select", "index_add", "gather", "scatter_add", "max_pool2d backward", "cross_entropy"};

    private DeviceErrors() {
    }

    /** Whether the word read from the device reports an error. */
    public static boolean isSet(int[] words) {
        return words[0] != 0;
    }

    /** The error a set word reports, worded as the CPU backend words it. */
    public static RuntimeException error(int[] words) {
        int code = words[0];
        if (code <= 0 || code >= OPS.length) {
            return new IllegalStateException("a CUDA kernel reported unknown error code " + code);
        }
        return new IndexOutOfBoundsException(OPS[code] + ": index " + words[1] + " is out of range for a dimension of size "
                + words[2] + " (reported by the GPU when it next synchronised; the op's output is invalid)");
    }
}
