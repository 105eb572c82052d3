package dev.lathe.layers;

import dev.lathe.engine.DType;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.autograd.GradMode;
import dev.lathe.engine.backend.CompareOp;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Indexing;
import dev.lathe.layers.init.Initializer;
import java.util.Arrays;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code embeddingDim}, as
 * torch.nn.Embedding: {@code weight} [V, D], drawn from N(0, 1) unless given an initialiser. I32 ids
 * of any shape give [..., D]. With a padding index, that row starts at zero and gets no gradient
 * (its output is still whatever the row holds), and in a {@link Flow} without a mask the layer sets
 * the mask to ids ≠ padding index, so that pooling and recurrent layers skip the padding. Without a
 * padding index the output flow has no mask: every step is real, as the spec says.
 */
public final class Embedding extends Layer {

    private final int numEmbeddings;
    private final int embeddingDim;
    private final Integer paddingIdx;
    private final Parameter weight;

    /** No padding index, N(0, 1) initialisation. */
    public Embedding(int numEmbeddings, int embeddingDim, Generator generator) {
        this(numEmbeddings, embeddingDim, null, Initializer.normal(1), generator);
    }

    /** A padding index (negative counts from the end, as PyTorch), N(0, 1) initialisation. */
    public Embedding(int numEmbeddings, int embeddingDim, int paddingIdx, Generator generator) {
        this(numEmbeddings, embeddingDim, Integer.valueOf(paddingIdx), Initializer.normal(1), generator);
    }

    /** {@code paddingIdx} may be null (no padding row); {@code init} draws the table before the padding row is zeroed. */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Initializer init, Generator generator) {
        if (numEmbeddings < 1 || embeddingDim < 1) {
            throw new IllegalArgumentException("Embedding needs positive sizes, got " + numEmbeddings + " × " + embeddingDim);
        }
        if (paddingIdx != null && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)) {
            throw new IllegalArgumentException("Embedding(" + numEmbeddings + ", " + embeddingDim + "): padding_idx " + paddingIdx
                    + " is outside the table");
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx == null || paddingIdx >= 0 ? paddingIdx : Integer.valueOf(numEmbeddings + paddingIdx);
        Tensor table = init.create(generator, embeddingDim, numEmbeddings, numEmbeddings, embeddingDim);
        if (this.paddingIdx != null) {
            try (Tensor row = table.narrow(0, this.paddingIdx, 1)) {
                row.backend().fill(row, 0);
            }
        }
        this.weight = addParameter("weight", table);
    }

    public Parameter weight() {
        return weight;
    }

    /** The padding index (non-negative), or null when there is none. */
    public Integer paddingIdx() {
        return paddingIdx;
    }

    @Override
    public Tensor forward(Tensor ids) {
        if (ids.dtype() != DType.I32) {
            throw new IllegalArgumentException(describe() + " needs I32 ids, got " + ids.describe());
        }
        Tensor table = weight.value();
        Tensor out;
        try {
            out = Indexing.indexSelect(table, 0, ids);
        } catch (IndexOutOfBoundsException e) {
            throw outOfRange(ids, e);
        }
        if (paddingIdx == null || !GradMode.isEnabled() || !table.requiresGrad()) {
            return out;
        }
        // the padding positions read the row as a constant: the value is the row's, the gradient never reaches it
        Tensor frozenRow = table.detach().narrow(0, paddingIdx, 1).reshape(embeddingDim);
        return Elementwise.where(notPadding(ids).unsqueeze(-1), out, frozenRow);
    }

    /**
     * Whether {@link #forwardMeanPooled} gives what this layer followed by a global average pool
     * gives for {@code input}: without a padding index no mask reaches the pool, and the ids are
     * [N, T].
     */
    boolean poolsAsBag(Flow input) {
        return paddingIdx == null && input.values().dim() == 2 && input.values().dtype() == DType.I32;
    }

    /**
     * The mean over T of the lookup of ids [N, T], as this layer followed by a global average pool
     * (see {@link #poolsAsBag}): one embedding bag, without the [N, T, D] lookup in between.
     */
    Flow forwardMeanPooled(Flow input) {
        Tensor ids = input.values();
        Tensor sums;
        try {
            sums = Indexing.embeddingBagSum(weight.value(), ids);
        } catch (IndexOutOfBoundsException e) {
            throw outOfRange(ids, e);
        }
        return input.withoutTime(Elementwise.mul(sums, Tensors.scalarLike(sums, 1.0 / ids.size(1))));
    }

    private IllegalArgumentException outOfRange(Tensor ids, IndexOutOfBoundsException cause) {
        int bad = Arrays.stream(ids.toIntArray()).filter(id -> id < 0 || id >= numEmbeddings).findFirst().orElseThrow(() -> cause);
        return new IllegalArgumentException(describe() + ": id " + bad + " is out of range for a vocabulary of " + numEmbeddings
                + " (ids must lie in [0, " + numEmbeddings + "))", cause);
    }

    private Tensor notPadding(Tensor ids) {
        return Elementwise.compare(CompareOp.NE, ids, Tensors.scalarLike(ids, paddingIdx));
    }

    @Override
    public Flow forward(Flow input) {
        Tensor ids = input.values();
        Tensor values = forward(ids);
        if (paddingIdx == null) {
            // every id is a real step, whatever a padded batch marked (Keras's Embedding without mask_zero passes no mask on)
            return new Flow(values, null, input.segments());
        }
        if (input.mask() != null) {
            return input.withValues(values);
        }
        return new Flow(values, notPadding(ids).to(weight.value().dtype()), input.segments());
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int[] out = Arrays.copyOf(inputShape, inputShape.length + 1);
        out[inputShape.length] = embeddingDim;
        return out;
    }

    @Override
    public String describe() {
        return "Embedding(" + numEmbeddings + ", " + embeddingDim + (paddingIdx == null ? "" : ", padding_idx=" + paddingIdx) + ")";
    }
}
