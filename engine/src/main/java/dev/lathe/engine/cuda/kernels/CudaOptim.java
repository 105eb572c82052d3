package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.AdamStep;
import dev.lathe.engine.cuda.KernelLauncher;
import java.util.Arrays;

/** Backend's fused optimizer updates through optim.cu. */
public final class CudaOptim {

    private CudaOptim() {
    }

    /** One Adam/AdamW step in place over four contiguous F32 tensors of one shape, computed as the CPU computes it. */
    public static void adamUpdate(KernelLauncher k, Tensor value, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamStep s) {
        for (Tensor t : new Tensor[] {value, grad, expAvg, expAvgSq}) {
            Operands.requireF32("adam update", t);
            if (!t.isContiguous() || !Arrays.equals(t.shape(), value.shape())) {
                throw new IllegalArgumentException("adam update needs four contiguous tensors of one shape, got " + t.describe()
                        + " beside " + value.describe());
            }
        }
        double shrink = s.decoupledWeightDecay() ? 1 - s.lr() * s.weightDecay() : 1;
        double gradDecay = s.decoupledWeightDecay() ? 0 : s.weightDecay();
        long n = value.numel();
        KernelNames.ADAM.launch(k, n, KernelArg.of(value), KernelArg.of(grad), KernelArg.of(expAvg), KernelArg.of(expAvgSq),
                KernelArg.of(n), KernelArg.of(shrink), KernelArg.of(gradDecay), KernelArg.of(s.stepSize()),
                KernelArg.of(s.biasCorrection2Sqrt()), KernelArg.of(s.beta1()), KernelArg.of(s.beta2()), KernelArg.of(s.eps()));
    }
}
