package dev.lathe.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.layers.BatchNorm;
import dev.lathe.layers.BatchNorm1d;
import dev.lathe.layers.BatchNorm2d;
import dev.lathe.layers.Layer;
import dev.lathe.layers.LayerNorm;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** F64 gradient checks of BatchNorm (training and evaluation) and LayerNorm, w.r.t. inputs and affine parameters. */
class NormLayersGradTest {

    private static void check(String label, Layer layer, int... inputShape) {
        double worst = LayerGradCheck.check(label, layer, x -> layer.forward(x[0]), LayerGradCheck.input(label.hashCode(), inputShape));
        assertTrue(worst < 1e-7, label + ": worst " + worst);
    }

    /** Affine parameters away from 1 and 0, so that a wrong scale or shift path shows. */
    private static <L extends Layer> L withAffine(L layer, int... shape) {
        Generator g = new Generator(17);
        try (Tensor w = Tensors.uniform(0.5, 1.5, DType.F32, Device.CPU, g, shape);
             Tensor b = Tensors.uniform(-1, 1, DType.F32, Device.CPU, g, shape)) {
            layer.loadStateDict(Map.of("weight", w, "bias", b), false);
        }
        return layer;
    }

    /** Running statistics moved away from 0 and 1 by a few training batches, then evaluation mode. */
    private static <B extends BatchNorm> B evaluatingAfterTraining(B bn, int... batchShape) {
        for (int i = 0; i < 3; i++) {
            try (Tensor batch = Tensors.uniform(-2, 4, DType.F32, Device.CPU, new Generator(30 + i), batchShape)) {
                bn.forward(batch).close();
            }
        }
        bn.eval();
        return bn;
    }

    @Test
    void batchNorm1dTrainingOnMatrices() {
        check("BatchNorm1d train [N, C]", withAffine(new BatchNorm1d(3), 3), 4, 3);
    }

    @Test
    void batchNorm1dTrainingOverLength() {
        check("BatchNorm1d train [N, C, L]", withAffine(new BatchNorm1d(2), 2), 2, 2, 3);
    }

    @Test
    void batchNorm2dTraining() {
        check("BatchNorm2d train", withAffine(new BatchNorm2d(2), 2), 2, 2, 2, 3);
    }

    @Test
    void batchNorm2dTrainingWithoutAffineOrRunningStats() {
        check("BatchNorm2d train plain", new BatchNorm2d(2, 1e-5, 0.1, false, false), 2, 2, 2, 2);
    }

    @Test
    void batchNorm1dEvaluation() {
        check("BatchNorm1d eval", evaluatingAfterTraining(withAffine(new BatchNorm1d(3), 3), 5, 3), 2, 3);
    }

    @Test
    void batchNorm2dEvaluation() {
        check("BatchNorm2d eval", evaluatingAfterTraining(withAffine(new BatchNorm2d(2), 2), 3, 2, 2, 2), 2, 2, 2, 2);
    }

    @Test
    void layerNormOverTheLastDimension() {
        check("LayerNorm [4]", withAffine(new LayerNorm(4), 4), 3, 4);
    }

    @Test
    void layerNormOverTwoDimensionsWithoutAffine() {
        check("LayerNorm [2, 3] plain", new LayerNorm(new int[] {2, 3}, 1e-5, false), 2, 2, 3);
    }
}
