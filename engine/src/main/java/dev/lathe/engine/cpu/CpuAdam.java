package dev.lathe.engine.cpu;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.AdamStep;

/**
 * Adam's update fused into one pass that rewrites the weight and both moments in place. The
 * unfused form costs a dozen temporaries the size of the parameter per step, which dominated
 * small models' training steps. F32 parameters are updated in float arithmetic straight on their
 * arrays, as torch.optim.Adam does, with moments below float's normal range flushed to zero
 * ({@link #flushSubnormal}); other dtypes run a chunk at a time through {@link Chunk}'s double
 * scratch arrays.
 */
final class CpuAdam {

    private static final long COST_PER_ELEMENT = 16;

    private CpuAdam() {
    }

    /**
     * 0 for a float below the normal range, else the float. A moment whose gradients have stopped (a
     * dead ReLU unit, an embedding row no batch uses) shrinks by β each step into the subnormals,
     * where every float operation costs on the order of a hundred cycles on x86: mlp-fashion's
     * Adam step ran 25 times slower after a few hundred steps. Its share of the update is then
     * below lr · 1.2e-38 / eps, far under a float weight's resolution.
     */
    static float flushSubnormal(float x) {
        return Math.abs(x) < Float.MIN_NORMAL ? 0f : x;
    }

    static void update(Tensor value, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamStep s) {
        CpuStorage w = CpuStorage.of(value);
        CpuStorage g = CpuStorage.of(grad);
        CpuStorage m = CpuStorage.of(expAvg);
        CpuStorage v = CpuStorage.of(expAvgSq);
        int wOffset = value.offset();
        int gOffset = grad.offset();
        int mOffset = expAvg.offset();
        int vOffset = expAvgSq.offset();
        double shrink = s.decoupledWeightDecay() ? 1 - s.lr() * s.weightDecay() : 1;
        double gradDecay = s.decoupledWeightDecay() ? 0 : s.weightDecay();
        double stepSize = s.stepSize();
        double correction2 = s.biasCorrection2Sqrt();
        double beta1 = s.beta1();
        double beta2 = s.beta2();
        double eps = s.eps();
        if (w instanceof CpuStorage.F32 fw && g instanceof CpuStorage.F32 fg && m instanceof CpuStorage.F32 fm
                && v instanceof CpuStorage.F32 fv) {
            float[] wd = fw.data();
            float[] gd = fg.data();
            float[] md = fm.data();
            float[] vd = fv.data();
            // the constants as torch.optim.Adam hands them to its float kernels: each computed in
            // double, then rounded once (1 - (float) beta2 would be 1.3e-5 off)
            float fShrink = (float) shrink;
            float fGradDecay = (float) gradDecay;
            float fNegStepSize = (float) -stepSize;
            float fCorrection2 = (float) correction2;
            float fBeta1 = (float) beta1;
            float fOneMinusBeta1 = (float) (1 - beta1);
            float fBeta2 = (float) beta2;
            float fOneMinusBeta2 = (float) (1 - beta2);
            float fEps = (float) eps;
            Parallel.forRange(value.numel(), COST_PER_ELEMENT, (from, to) -> {
                for (int j = from; j < to; j++) {
                    float gradient = gd[gOffset + j] + fGradDecay * wd[wOffset + j];
                    float first = flushSubnormal(md[mOffset + j] * fBeta1 + fOneMinusBeta1 * gradient);
                    float second = flushSubnormal(vd[vOffset + j] * fBeta2 + fOneMinusBeta2 * gradient * gradient);
                    md[mOffset + j] = first;
                    vd[vOffset + j] = second;
                    float denominator = (float) Math.sqrt(second) / fCorrection2 + fEps;
                    wd[wOffset + j] = wd[wOffset + j] * fShrink + fNegStepSize * (first / denominator);
                }
            });
            return;
        }
        Parallel.forRange(value.numel(), COST_PER_ELEMENT, (from, to) -> {
            double[][] scratch = Chunk.scratch();
            double[] weights = scratch[0];
            double[] grads = scratch[1];
            double[] firsts = scratch[2];
            double[] seconds = scratch[3];
            for (int start = from; start < to; start += Chunk.LENGTH) {
                int n = Math.min(Chunk.LENGTH, to - start);
                Chunk.load(w, wOffset + start, 1, n, weights);
                Chunk.load(g, gOffset + start, 1, n, grads);
                Chunk.load(m, mOffset + start, 1, n, firsts);
                Chunk.load(v, vOffset + start, 1, n, seconds);
                for (int j = 0; j < n; j++) {
                    double gradient = grads[j] + gradDecay * weights[j];
                    double first = firsts[j] + (1 - beta1) * (gradient - firsts[j]);
                    double second = beta2 * seconds[j] + (1 - beta2) * gradient * gradient;
                    firsts[j] = first;
                    seconds[j] = second;
                    weights[j] = weights[j] * shrink - stepSize * first / (Math.sqrt(second) / correction2 + eps);
                }
                Chunk.store(weights, n, w, wOffset + start, 1);
                Chunk.store(firsts, n, m, mOffset + start, 1);
                Chunk.store(seconds, n, v, vOffset + start, 1);
            }
        });
    }
}
