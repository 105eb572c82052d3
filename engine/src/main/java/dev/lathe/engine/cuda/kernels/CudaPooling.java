package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.DType;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.Pool2dParams;
import dev.lathe.engine.backend.PoolResult;
import dev.lathe.engine.cuda.KernelLauncher;
import java.util.Arrays;

/**
 * Backend's max/avg pooling and their gradients through pool.cu, F32 NCHW. The max-pool gradient adds
 * with atomics (see pool.cu): exact and reproducible when windows do not overlap, otherwise the float
 * adds into one input may come in a different order from run to run.
 */
public final class CudaPooling {

    private CudaPooling() {
    }

    public static PoolResult maxPool2d(KernelLauncher k, Tensor input, Pool2dParams p) {
        Operands.requireF32("max_pool2d", input);
        int[] in = input.shape();
        int[] os = p.outputShape(in);
        Tensor out = k.empty(DType.F32, os);
        Tensor indices = k.empty(DType.I32, os);
        try (Operands.Dense x = Operands.dense(k, input)) {
            KernelNames.MAX_POOL2D.launch(k, out.numel(), x.arg(), KernelArg.of(out), KernelArg.of(indices),
                    KernelArg.of(planes(in)), KernelArg.of(in[2]), KernelArg.of(in[3]), KernelArg.of(os[2]), KernelArg.of(os[3]),
                    KernelArg.of(p.kernelH()), KernelArg.of(p.kernelW()), KernelArg.of(p.strideH()), KernelArg.of(p.strideW()),
                    KernelArg.of(p.padH()), KernelArg.of(p.padW()));
        }
        return new PoolResult(out, indices);
    }

    public static Tensor maxPool2dBackward(KernelLauncher k, Tensor gradOutput, Tensor indices, int[] inputShape) {
        int[] gs = gradOutput.shape();
        if (inputShape.length != 4 || !Arrays.equals(gs, indices.shape()) || gs[0] != inputShape[0] || gs[1] != inputShape[1]) {
            throw new IllegalArgumentException("max_pool2d backward: gradient [" + Shapes.format(gs) + "] and indices ["
                    + Shapes.format(indices.shape()) + "] do not fit input [" + Shapes.format(inputShape) + "]");
        }
        Operands.requireF32("max_pool2d backward", gradOutput);
        Operands.requireIndex("max_pool2d backward", indices);
        Tensor gradInput = k.empty(DType.F32, inputShape);
        CudaElementwise.fill(k, gradInput, 0);
        try (Operands.Dense g = Operands.dense(k, gradOutput); Operands.Dense idx = Operands.dense(k, indices)) {
            KernelNames.MAX_POOL2D_BACKWARD.launch(k, gradOutput.numel(), g.arg(), idx.arg(), KernelArg.of(gradInput),
                    KernelArg.of((long) gradOutput.numel()), KernelArg.of((long) gs[2] * gs[3]),
                    KernelArg.of((long) inputShape[2] * inputShape[3]), KernelArg.of(k.errorWord()));
        }
        return gradInput;
    }

    public static Tensor avgPool2d(KernelLauncher k, Tensor input, Pool2dParams p) {
        Operands.requireF32("avg_pool2d", input);
        int[] in = input.shape();
        int[] os = p.outputShape(in);
        Tensor out = k.empty(DType.F32, os);
        try (Operands.Dense x = Operands.dense(k, input)) {
            KernelNames.AVG_POOL2D.launch(k, out.numel(), withGeometry(x.arg(), KernelArg.of(out), in, os, p));
        }
        return out;
    }

    public static Tensor avgPool2dBackward(KernelLauncher k, Tensor gradOutput, int[] inputShape, Pool2dParams p) {
        int[] os = p.outputShape(inputShape);
        if (!Arrays.equals(os, gradOutput.shape())) {
            throw new IllegalArgumentException("avg_pool2d backward: gradient [" + Shapes.format(gradOutput.shape())
                    + "] does not match output [" + Shapes.format(os) + "]");
        }
        Operands.requireF32("avg_pool2d backward", gradOutput);
        Tensor gradInput = k.empty(DType.F32, inputShape);
        try (Operands.Dense g = Operands.dense(k, gradOutput)) {
            KernelNames.AVG_POOL2D_BACKWARD.launch(k, gradInput.numel(), withGeometry(g.arg(), KernelArg.of(gradInput), inputShape, os, p));
        }
        return gradInput;
    }

    private static long planes(int[] shape) {
        return (long) shape[0] * shape[1];
    }

    /** (from, to, planes, h, w, oh, ow, kh, kw, sh, sw, ph, pw, count_include_pad): the average-pooling kernels' parameters. */
    private static KernelArg[] withGeometry(KernelArg from, KernelArg to, int[] in, int[] os, Pool2dParams p) {
        return new KernelArg[] {from, to, KernelArg.of(planes(in)), KernelArg.of(in[2]), KernelArg.of(in[3]), KernelArg.of(os[2]),
                KernelArg.of(os[3]), KernelArg.of(p.kernelH()), KernelArg.of(p.kernelW()), KernelArg.of(p.strideH()),
                KernelArg.of(p.strideW()), KernelArg.of(p.padH()), KernelArg.of(p.padW()), KernelArg.of(p.countIncludePad() ? 1 : 0)};
    }
}
