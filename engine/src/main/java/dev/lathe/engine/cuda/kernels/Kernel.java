package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.cuda.KernelLauncher;

/** One kernel: the PTX module it lives in (native/src/main/cuda/&lt;family&gt;.cu) and its extern "C" name. */
public record Kernel(String family, String name) {

    /** Over {@code n} work items with the launcher's default block size (kernels loop grid-stride). */
    void launch(KernelLauncher k, long n, KernelArg... args) {
        k.launch(family, name, n, args);
    }

    /** With an explicit grid and block (the block-per-output reductions). */
    void launch(KernelLauncher k, int gridX, int blockX, KernelArg... args) {
        k.launch(family, name, gridX, blockX, 0, args);
    }

    @Override
    public String toString() {
        return family + "/" + name;
    }
}
