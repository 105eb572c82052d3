package dev.lathe.layers;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.LinearAlgebra;
import dev.lathe.layers.init.Initializer;

/** y = x Wᵀ + b over the last dimension, as torch.nn.Linear: {@code weight} [out, in], {@code bias} [out]. */
public final class Linear extends Layer {

    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    /** PyTorch's default initialisation. */
    public Linear(int inFeatures, int outFeatures, boolean bias, Generator generator) {
        this(inFeatures, outFeatures, bias, Initializer.pytorchDefault(), Initializer.pytorchDefault(), generator);
    }

    public Linear(int inFeatures, int outFeatures, boolean bias, Initializer weightInit, Initializer biasInit, Generator generator) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("Linear needs positive sizes, got " + inFeatures + " → " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = addParameter("weight", weightInit.create(generator, inFeatures, outFeatures, outFeatures, inFeatures));
        // PyTorch draws the bias bound from the weight's fan-in
        this.bias = bias ? addParameter("bias", biasInit.create(generator, inFeatures, outFeatures, outFeatures)) : null;
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when the layer has none. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 1 || input.size(-1) != inFeatures) {
            throw new IllegalArgumentException("Linear(" + inFeatures + " → " + outFeatures + ") got input " + input.describe());
        }
        if (input.dim() > 2) {
            // one GEMM over every leading position, rather than one per batch entry with the weight
            // staged each time and its gradient summed over the batch afterwards
            int[] shape = input.shape();
            shape[shape.length - 1] = outFeatures;
            return forward(input.reshape(-1, inFeatures)).reshape(shape);
        }
        Tensor product = LinearAlgebra.matmul(input, weight.value().transpose(0, 1));
        return bias == null ? product : Elementwise.add(product, bias.value());
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length < 1 || inputShape[inputShape.length - 1] != inFeatures) {
            throw new IllegalArgumentException("Linear(" + inFeatures + " → " + outFeatures + ") needs inputs whose last dimension is "
                    + inFeatures + ", got [" + Shapes.format(inputShape) + "]");
        }
        int[] out = inputShape.clone();
        out[out.length - 1] = outFeatures;
        return out;
    }

    @Override
    public String describe() {
        return "Linear(" + inFeatures + " → " + outFeatures + ")";
    }
}
