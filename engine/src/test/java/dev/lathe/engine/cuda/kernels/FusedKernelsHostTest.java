package dev.lathe.engine.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lathe.engine.DType;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.backend.LayerNormOutput;
import dev.lathe.engine.functional.Activations;
import dev.lathe.engine.functional.Losses;
import dev.lathe.engine.functional.Normalization;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Views;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fused softmax/cross-entropy, layer-norm, attention-softmax and LSTM-cell kernels, run on the host (HostLauncher), against the engine's composites on the CPU. */
class FusedKernelsHostTest {

    private final HostLauncher k = new HostLauncher();
    private final Random random = new Random(11);

    @BeforeAll
    static void needsACompiler() throws Exception {
        assumeTrue(HostLauncher.runner() != null, "no g++ to compile the kernels for the host");
    }

    private Tensor finite(int... shape) {
        float[] v = new float[dev.lathe.engine.Shapes.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextGaussian() * 3);
        }
        return Tensors.of(v, shape);
    }

    /** Within {@code ulps} float ulps of the expected value (NaN where it is NaN). */
    private void assertClose(Tensor expected, Tensor device, int ulps, String what) {
        float[] e = expected.toFloatArray();
        float[] a = k.toHost(device).toFloatArray();
        assertArrayEquals(expected.shape(), device.shape(), what);
        for (int i = 0; i < e.length; i++) {
            boolean ok = Float.isNaN(e[i]) ? Float.isNaN(a[i]) : e[i] == a[i] || Math.abs(e[i] - a[i]) <= ulps * Math.ulp(Math.max(Math.abs(e[i]), 1e-30f));
            assertTrue(ok, what + ": element " + i + " expected " + e[i] + " got " + a[i]);
        }
    }

    /** Within {@code tolerance} times the largest expected magnitude: gradients reached by a different formula. */
    private void assertNear(Tensor expected, Tensor device, double tolerance, String what) {
        float[] e = expected.toFloatArray();
        float[] a = k.toHost(device).toFloatArray();
        double scale = 0;
        for (float v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tolerance * Math.max(scale, 1e-6), what + ": element " + i);
        }
    }

    @Test
    void softmaxAndLogSoftmaxAgreeWithTheComposites() {
        Tensor x = finite(5, 300);
        float[] v = x.toFloatArray();
        v[3] = Float.NEGATIVE_INFINITY;
        v[300 + 7] = Float.NaN;
        x = Tensors.of(v, 5, 300);
        Tensor dx = k.upload(x);
        assertClose(Activations.softmax(x, -1), CudaSoftmaxLoss.softmax(k, dx, -1), 2, "softmax");
        assertClose(Activations.logSoftmax(x, 1), CudaSoftmaxLoss.logSoftmax(k, dx, 1), 2, "log_softmax");
        Tensor narrow = finite(7, 3);
        assertClose(Activations.softmax(narrow, 1), CudaSoftmaxLoss.softmax(k, k.upload(narrow), 1), 2, "three columns");
        assertThrows(IllegalArgumentException.class, () -> CudaSoftmaxLoss.softmax(k, dx, 0));
    }

    @Test
    void softmaxGradientsAgreeWithAutograd() {
        Tensor x = finite(4, 50).requiresGrad(true);
        Tensor gy = finite(4, 50);
        Tensor y = Activations.softmax(x, 1);
        y.backward(gy);
        Tensor dy = CudaSoftmaxLoss.softmax(k, k.upload(x.detach()), 1);
        assertNear(x.grad(), CudaSoftmaxLoss.softmaxBackward(k, dy, k.upload(gy), 1), 1e-5, "softmax backward");
        Tensor x2 = finite(4, 50).requiresGrad(true);
        Activations.logSoftmax(x2, 1).backward(gy);
        Tensor dly = CudaSoftmaxLoss.logSoftmax(k, k.upload(x2.detach()), 1);
        assertNear(x2.grad(), CudaSoftmaxLoss.logSoftmaxBackward(k, dly, k.upload(gy), 1), 1e-5, "log_softmax backward");
    }

    @Test
    void crossEntropyWithAnIgnoredTargetAndItsGradient() {
        Tensor logits = finite(6, 10).requiresGrad(true);
        int[] labels = {3, 9, -100, 0, 3, 7};
        Tensor target = Tensors.of(labels, 6);
        Tensor loss = Losses.crossEntropy(logits, target, -100);
        loss.backward();
        CudaSoftmaxLoss.CrossEntropy ce = CudaSoftmaxLoss.crossEntropy(k, k.upload(logits.detach()), k.upload(target), -100);
        assertEquals(loss.item(), k.toHost(ce.loss()).item(), 1e-6 * Math.abs(loss.item()), "mean loss");
        assertEquals(5.0, k.toHost(ce.kept()).item());
        Tensor scale = k.upload(Tensors.of(new float[] {1f / 5}, 1));
        Tensor grad = CudaSoftmaxLoss.crossEntropyBackward(k, k.upload(logits.detach()), k.upload(target), scale, -100);
        assertNear(logits.grad(), grad, 1e-6, "cross_entropy backward");
        float[] ignoredRow = k.toHost(grad).toFloatArray();
        for (int c = 20; c < 30; c++) {
            assertEquals(0f, ignoredRow[c], "the ignored row has no gradient");
        }
        assertEquals(0, k.errorWords()[0]);
    }

    @Test
    void anOutOfRangeLabelIsReported() {
        CudaSoftmaxLoss.crossEntropy(k, k.upload(finite(2, 4)), k.upload(Tensors.of(new int[] {1, 4}, 2)), -100);
        int[] words = k.errorWords();
        assertArrayEquals(new int[] {6, 4, 4}, java.util.Arrays.copyOf(words, 3));
        assertTrue(DeviceErrors.error(words).getMessage().startsWith("cross_entropy: index 4 is out of range for a dimension of size 4"));
    }

    @Test
    void layerNormAndItsGradientsAgreeWithTheCpu() {
        Tensor x = finite(3, 4, 40).requiresGrad(true);
        Tensor w = finite(40).requiresGrad(true);
        Tensor b = finite(40).requiresGrad(true);
        Tensor gy = finite(3, 4, 40);
        Tensor y = Normalization.layerNorm(x, 1, w, b, 1e-5);
        y.backward(gy);
        Tensor dx = k.upload(x.detach());
        LayerNormOutput forward = CudaNorm.layerNorm(k, dx, k.upload(w.detach()), k.upload(b.detach()), 1e-5);
        assertNear(y.detach(), forward.output(), 1e-6, "layer_norm");
        assertArrayEquals(new int[] {3, 4}, forward.mean().shape());
        assertNear(x.grad(), CudaNorm.layerNormBackward(k, dx, k.upload(gy), k.upload(w.detach()), forward), 1e-5, "input gradient");
        Tensor[] params = CudaNorm.layerNormParamsBackward(k, dx, k.upload(gy), forward, true, true);
        assertNear(w.grad(), params[0], 1e-5, "weight gradient");
        assertNear(b.grad(), params[1], 1e-6, "bias gradient");
        Tensor plain = finite(2, 9);
        assertNear(Normalization.layerNorm(plain, 1, null, null, 1e-5), CudaNorm.layerNorm(k, k.upload(plain), null, null, 1e-5).output(),
                1e-6, "without weight and bias");
        assertEquals(null, CudaNorm.layerNormParamsBackward(k, dx, k.upload(gy), forward, false, true)[0]);
    }

    @Test
    void attentionSoftmaxAppliesScaleAndKeyPaddingAsTheComposite() {
        Tensor scores = finite(2, 3, 4, 5).requiresGrad(true);
        Tensor mask = Tensors.of(new float[] {1, 1, 1, 0, 0, 0, 0, 0, 0, 0}, 2, 5);
        double scale = 1 / Math.sqrt(8);
        Tensor bias = Elementwise.mul(Elementwise.sub(Tensors.scalarLike(mask, 1), mask), Tensors.scalarLike(mask, -Float.MAX_VALUE))
                .unsqueeze(1).unsqueeze(1);
        Tensor probs = Activations.softmax(Elementwise.add(Elementwise.mul(scores, Tensors.scalarLike(scores, scale)), bias), -1);
        Tensor fused = CudaAttention.softmax(k, k.upload(scores.detach()), k.upload(mask), scale);
        assertClose(probs.detach(), fused, 2, "attention softmax");
        Tensor gy = finite(2, 3, 4, 5);
        probs.backward(gy);
        assertNear(scores.grad(), CudaAttention.softmaxBackward(k, fused, k.upload(gy), scale), 1e-5, "attention softmax backward");
        Tensor unmasked = finite(1, 2, 3, 4);
        assertClose(Activations.softmax(Elementwise.mul(unmasked, Tensors.scalarLike(unmasked, 0.5)), -1),
                CudaAttention.softmax(k, k.upload(unmasked), null, 0.5), 2, "without a mask");
    }

    @Test
    void lstmCellAndItsGradientsAgreeWithTheElementwiseCell() {
        int h = 7;
        Tensor gates = finite(5, 4 * h).requiresGrad(true);
        Tensor cPrev = finite(5, h).requiresGrad(true);
        Tensor cell = Elementwise.add(Elementwise.mul(Elementwise.sigmoid(gates.narrow(1, h, h)), cPrev),
                Elementwise.mul(Elementwise.sigmoid(gates.narrow(1, 0, h)), Elementwise.tanh(gates.narrow(1, 2 * h, h))));
        Tensor hidden = Elementwise.mul(Elementwise.sigmoid(gates.narrow(1, 3 * h, h)), Elementwise.tanh(cell));
        Tensor expected = Views.cat(List.of(hidden, cell), 1);
        Tensor gy = finite(5, 2 * h);
        expected.backward(gy);
        Tensor fused = CudaLstm.cell(k, k.upload(gates.detach()), k.upload(cPrev.detach()));
        assertNear(expected.detach(), fused, 1e-6, "lstm cell");
        Tensor[] grads = CudaLstm.cellBackward(k, k.upload(gy), k.upload(gates.detach()), k.upload(cPrev.detach()));
        assertNear(gates.grad(), grads[0], 1e-5, "gate gradients");
        assertNear(cPrev.grad(), grads[1], 1e-5, "previous cell gradient");
    }

    @Test
    void fusedKernelsTakeF32Only() {
        assertThrows(IllegalArgumentException.class, () -> CudaSoftmaxLoss.softmax(k, k.upload(Tensors.of(new int[] {1, 2}, 2)), 0));
        assertThrows(IllegalArgumentException.class, () -> CudaNorm.layerNorm(k, k.upload(finite(2, 3)), k.upload(finite(4)), null, 1e-5));
        assertThrows(IllegalArgumentException.class,
                () -> CudaSoftmaxLoss.crossEntropy(k, k.upload(finite(2, 3)), k.upload(finite(2)), 0));
        assertEquals(DType.F32, CudaSoftmaxLoss.softmax(k, k.upload(finite(1, 1)), 1).dtype());
    }
}
