package dev.lathe.engine.cpu;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.AdamStep;

/**
 * Adam's update fused into one pass that rewrites the weight and both moments in place. The
 * unfused form costs a dozen temporaries the size of the parameter per step, which dominated
 * small models' training steps. It runs a chunk at a time through {@link Chunk}'s double scratch
 * arrays, in plain loops rather than a storage call per element and operand.
 */
final class CpuAdam {

    private static final long COST_PER_ELEMENT = 16;

    private CpuAdam() {
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
