package dev.lathe.layers;

import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.functional.Normalization;
import java.util.Arrays;

/**
 * torch.nn.LayerNorm: normalises over the trailing dimensions {@code normalizedShape} with the
 * biased variance, then scales by {@code weight} (ones) and shifts by {@code bias} (zeros), both
 * of shape {@code normalizedShape}, when elementwise-affine.
 */
public final class LayerNorm extends Layer {

    private final int[] normalizedShape;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    /** PyTorch's default eps. */
    public static final double DEFAULT_EPS = 1e-5;

    /** eps 1e-5, elementwise-affine. */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, DEFAULT_EPS, true);
    }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(d -> d < 1) || !(eps > 0)) {
            throw new IllegalArgumentException(describe() + ": needs a non-empty shape of positive sizes and a positive eps, got eps " + eps);
        }
        this.weight = elementwiseAffine ? addParameter("weight", Tensors.ones(normalizedShape)) : null;
        this.bias = elementwiseAffine ? addParameter("bias", Tensors.zeros(normalizedShape)) : null;
    }

    /** The scale, or null when not elementwise-affine. */
    public Parameter weight() {
        return weight;
    }

    /** The shift, or null when not elementwise-affine. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor input) {
        checkTrailing(input.shape(), input.describe());
        return Normalization.layerNorm(input, normalizedShape.length, weight == null ? null : weight.value(),
                bias == null ? null : bias.value(), eps);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        checkTrailing(inputShape, "[N, " + Shapes.format(inputShape) + "]");
        return inputShape.clone();
    }

    private void checkTrailing(int[] shape, String what) {
        int lead = shape.length - normalizedShape.length;
        if (lead < 0 || !Arrays.equals(Arrays.copyOfRange(shape, lead, shape.length), normalizedShape)) {
            throw new IllegalArgumentException(describe() + " needs inputs ending in [" + Shapes.format(normalizedShape) + "], got " + what);
        }
    }

    @Override
    public String describe() {
        return "LayerNorm([" + Shapes.format(normalizedShape) + "])";
    }
}
