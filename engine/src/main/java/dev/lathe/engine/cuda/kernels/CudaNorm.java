package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.DType;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.LayerNormOutput;
import dev.lathe.engine.cuda.KernelLauncher;
import java.util.Arrays;

/** The CUDA backend's layer normalisation over the last dimension (Backend#layerNorm) through norm.cu. */
public final class CudaNorm {

    private CudaNorm() {
    }

    /** {@code weight} and {@code bias} ([cols]) may be null. */
    public static LayerNormOutput layerNorm(KernelLauncher k, Tensor x, Tensor weight, Tensor bias, double eps) {
        Operands.requireF32("layer_norm", x);
        checkParam(x, weight);
        checkParam(x, bias);
        long rows = Rows.rows(x);
        int[] rowShape = Arrays.copyOf(x.shape(), Math.max(x.dim() - 1, 0));
        Tensor out = k.empty(DType.F32, x.shape());
        Tensor mean = k.empty(DType.F32, rowShape);
        Tensor rstd = k.empty(DType.F32, rowShape);
        try (Operands.Dense in = Operands.dense(k, x); Operands.Dense w = Operands.optionalDense(k, weight);
             Operands.Dense b = Operands.optionalDense(k, bias)) {
            Rows.launch(k, KernelNames.LAYER_NORM, rows, in.arg(), w.arg(), b.arg(), KernelArg.of(out), KernelArg.of(mean),
                    KernelArg.of(rstd), KernelArg.of(rows), KernelArg.of(Rows.cols(x)), KernelArg.of(eps));
        }
        return new LayerNormOutput(out, mean, rstd);
    }

    public static Tensor layerNormBackward(KernelLauncher k, Tensor x, Tensor gradOutput, Tensor weight, LayerNormOutput forward) {
        checkGradient(x, gradOutput);
        checkParam(x, weight);
        Tensor grad = k.empty(DType.F32, x.shape());
        long rows = Rows.rows(x);
        try (Operands.Dense in = Operands.dense(k, x); Operands.Dense g = Operands.dense(k, gradOutput);
             Operands.Dense w = Operands.optionalDense(k, weight)) {
            Rows.launch(k, KernelNames.LAYER_NORM_BACKWARD, rows, in.arg(), g.arg(), w.arg(), KernelArg.of(forward.mean()),
                    KernelArg.of(forward.rstd()), KernelArg.of(grad), KernelArg.of(rows), KernelArg.of(Rows.cols(x)));
        }
        return grad;
    }

    /** {gradWeight, gradBias}; either is null where it was not asked for. */
    public static Tensor[] layerNormParamsBackward(KernelLauncher k, Tensor x, Tensor gradOutput, LayerNormOutput forward,
                                                     boolean weightGrad, boolean biasGrad) {
        checkGradient(x, gradOutput);
        int cols = (int) Rows.cols(x);
        Tensor gw = weightGrad ? k.empty(DType.F32, cols) : null;
        Tensor gb = biasGrad ? k.empty(DType.F32, cols) : null;
        try (Operands.Dense in = Operands.dense(k, x); Operands.Dense g = Operands.dense(k, gradOutput)) {
            KernelNames.LAYER_NORM_PARAMS_BACKWARD.launch(k, cols, in.arg(), g.arg(), KernelArg.of(forward.mean()),
                    KernelArg.of(forward.rstd()), KernelArg.ofOptional(gw), KernelArg.ofOptional(gb), KernelArg.of(Rows.rows(x)),
                    KernelArg.of((long) cols));
        }
        return new Tensor[] {gw, gb};
    }

    private static void checkParam(Tensor x, Tensor param) {
        if (param != null && (param.dim() != 1 || param.size(0) != Rows.cols(x) || param.dtype() != DType.F32)) {
            throw new IllegalArgumentException("layer_norm: weight/bias must be F32 [" + Rows.cols(x) + "] for " + x.describe()
                    + ", got " + param.describe());
        }
    }

    private static void checkGradient(Tensor x, Tensor gradOutput) {
        Operands.requireF32("layer_norm backward", x);
        Operands.sameDtypeAndDevice("layer_norm backward", x, gradOutput);
        if (!Arrays.equals(x.shape(), gradOutput.shape())) {
            throw new IllegalArgumentException("layer_norm backward: input " + x.describe() + " and gradient " + gradOutput.describe()
                    + " differ in shape");
        }
    }
}
