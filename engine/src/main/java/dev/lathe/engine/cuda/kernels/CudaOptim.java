package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.AdamStep;
import dev.lathe.engine.cuda.KernelLauncher;

/** Placeholder for the optimizer kernel wrappers (native/src/main/cuda/optim.cu). */
public final class CudaOptim {

    private CudaOptim() {
    }

    public static void adamUpdate(KernelLauncher k, Tensor value, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamStep step) {
        throw new UnsupportedOperationException("optim kernels not merged");
    }
}
