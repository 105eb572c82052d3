package dev.lathe.engine.cpu;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.backend.AdamStep;

/**
 * Adam's update fused into one pass that rewrites the weight and both moments in place. The
 * unfused form costs a dozen temporaries the size of the parameter per step, which dominated
 * small models' training steps.
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
            for (int i = from; i < to; i++) {
                double weight = w.get(wOffset + i);
                double gradient = g.get(gOffset + i) + gradDecay * weight;
                double first = m.get(mOffset + i);
                first += (1 - beta1) * (gradient - first);
                double second = beta2 * v.get(vOffset + i) + (1 - beta2) * gradient * gradient;
                m.set(mOffset + i, first);
                v.set(vOffset + i, second);
                w.set(wOffset + i, weight * shrink - stepSize * first / (Math.sqrt(second) / correction2 + eps));
            }
        });
    }
}
