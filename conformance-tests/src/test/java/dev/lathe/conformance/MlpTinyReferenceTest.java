package dev.lathe.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.autograd.GradMode;
import dev.lathe.engine.functional.Activations;
import dev.lathe.engine.functional.Losses;
import dev.lathe.engine.ops.LinearAlgebra;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * mlp-tiny (Linear 2→3, ReLU, Linear 3→1, MSE, SGD lr 0.01): the engine's first SGD steps equal
 * the chain rule worked out by hand with scalar loops.
 */
class MlpTinyReferenceTest {

    private static final double LR = 0.01;
    private static final double[][] X = {{0.5, -1.0}, {1.5, 0.25}, {-0.75, 2.0}, {0.1, 0.3}};
    private static final double[] Y = {0.2, -0.4, 1.1, 0.0};

    /** The 13 parameters by hand: w1[3][2], b1[3], w2[3] (one output), b2. */
    private static final class HandModel {
        double[][] w1 = {{0.3, -0.2}, {-0.5, 0.4}, {0.1, 0.6}};
        double[] b1 = {0.05, -0.1, 0.2};
        double[] w2 = {0.7, -0.3, 0.5};
        double b2 = -0.05;

        /** One SGD step on the mean squared error over the batch; returns the loss before the step. */
        double step() {
            int n = X.length;
            double loss = 0;
            double[][] gw1 = new double[3][2];
            double[] gb1 = new double[3];
            double[] gw2 = new double[3];
            double gb2 = 0;
            for (int i = 0; i < n; i++) {
                double[] pre = new double[3];
                double[] h = new double[3];
                double out = b2;
                for (int j = 0; j < 3; j++) {
                    pre[j] = w1[j][0] * X[i][0] + w1[j][1] * X[i][1] + b1[j];
                    h[j] = Math.max(pre[j], 0);
                    out += w2[j] * h[j];
                }
                double err = out - Y[i];
                loss += err * err / n;
                double dOut = 2 * err / n;             // d(mean of squares)/d(out_i)
                gb2 += dOut;
                for (int j = 0; j < 3; j++) {
                    gw2[j] += dOut * h[j];
                    double dPre = pre[j] > 0 ? dOut * w2[j] : 0;   // through ReLU
                    gb1[j] += dPre;
                    gw1[j][0] += dPre * X[i][0];
                    gw1[j][1] += dPre * X[i][1];
                }
            }
            for (int j = 0; j < 3; j++) {
                w1[j][0] -= LR * gw1[j][0];
                w1[j][1] -= LR * gw1[j][1];
                b1[j] -= LR * gb1[j];
                w2[j] -= LR * gw2[j];
            }
            b2 -= LR * gb2;
            return loss;
        }
    }

    @Test
    void firstSgdStepsEqualTheHandDerivedReference() {
        HandModel hand = new HandModel();
        Tensor w1 = Tensors.of(new double[] {0.3, -0.2, -0.5, 0.4, 0.1, 0.6}, 3, 2).requiresGrad(true);
        Tensor b1 = Tensors.of(new double[] {0.05, -0.1, 0.2}, 3).requiresGrad(true);
        Tensor w2 = Tensors.of(new double[] {0.7, -0.3, 0.5}, 1, 3).requiresGrad(true);
        Tensor b2 = Tensors.of(new double[] {-0.05}, 1).requiresGrad(true);
        Tensor x = Tensors.of(new double[] {0.5, -1.0, 1.5, 0.25, -0.75, 2.0, 0.1, 0.3}, 4, 2);
        Tensor y = Tensors.of(Y, 4, 1);
        List<Tensor> parameters = List.of(w1, b1, w2, b2);

        for (int step = 0; step < 3; step++) {
            double expectedLoss = hand.step();
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor hidden = Activations.relu(LinearAlgebra.matmul(x, w1.transpose(0, 1)).add(b1));
                Tensor loss = Losses.mse(LinearAlgebra.matmul(hidden, w2.transpose(0, 1)).add(b2), y);
                loss.backward();
                assertEquals(expectedLoss, loss.item(), 1e-14, "loss at step " + step);
                try (GradMode.Restore off = GradMode.noGrad()) {
                    for (Tensor p : parameters) {
                        p.backend().copy(p.sub(p.grad().mul(LR)), p);
                        p.setGrad(null);
                    }
                }
            }
        }
        double[] engineW1 = w1.toDoubleArray();
        for (int j = 0; j < 3; j++) {
            assertEquals(hand.w1[j][0], engineW1[2 * j], 1e-14);
            assertEquals(hand.w1[j][1], engineW1[2 * j + 1], 1e-14);
            assertEquals(hand.b1[j], b1.toDoubleArray()[j], 1e-14);
            assertEquals(hand.w2[j], w2.toDoubleArray()[j], 1e-14);
        }
        assertEquals(hand.b2, b2.item(), 1e-14);
        for (Tensor t : List.of(w1, b1, w2, b2, x, y)) {
            t.close();
        }
    }
}
