package dev.lathe.layers.recurrent;

import dev.lathe.engine.DType;
import dev.lathe.engine.Generator;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.autograd.GradMode;
import dev.lathe.engine.backend.CompareOp;
import dev.lathe.engine.functional.Dropout;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Views;
import dev.lathe.layers.Flow;
import dev.lathe.layers.Layer;
import dev.lathe.layers.Parameter;
import dev.lathe.layers.init.Initializer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The part torch.nn.RNN, LSTM and GRU share: the parameters of every layer and direction, and the
 * stacked, bidirectional time loop over batch-first input [N, T, C]. Subclasses supply only the
 * cell's math. Padded batches follow PyTorch's pack_padded_sequence: a step whose mask is 0 leaves
 * the state as it was (so the forward direction ends at each sequence's last real step and the
 * backward one starts there from its initial state) and outputs zeros.
 */
public abstract sealed class RecurrentLayer extends Layer permits SimpleRNN, LSTM, GRU {

    private final String name;
    private final int inputSize;
    private final int hiddenSize;
    private final int stateCount;
    private final RecurrentOptions options;
    /** Layer-major, the forward direction before the reverse one: PyTorch's order. */
    private final List<DirectionWeights> weights = new ArrayList<>();
    private final Generator dropoutGenerator;

    /**
     * @param gates      how many blocks of H rows the weights stack (RNN 1, GRU 3, LSTM 4)
     * @param stateCount 1 (h) or 2 (h and c)
     */
    RecurrentLayer(String name, int gates, int stateCount, int inputSize, int hiddenSize, RecurrentOptions options, Generator generator) {
        if (inputSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException(name + " needs positive sizes, got input " + inputSize + ", hidden " + hiddenSize);
        }
        this.name = name;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.stateCount = stateCount;
        this.options = options;
        // PyTorch draws every weight and bias from U(±1/√H), in registration order
        Initializer init = Initializer.uniform(1 / Math.sqrt(hiddenSize));
        int rows = gates * hiddenSize;
        for (int layer = 0; layer < options.numLayers(); layer++) {
            int in = layer == 0 ? inputSize : hiddenSize * options.directions();
            for (int direction = 0; direction < options.directions(); direction++) {
                String suffix = "_l" + layer + (direction == 1 ? "_reverse" : "");
                Parameter ih = addParameter("weight_ih" + suffix, init.create(generator, in, rows, rows, in));
                Parameter hh = addParameter("weight_hh" + suffix, init.create(generator, hiddenSize, rows, rows, hiddenSize));
                Parameter bih = options.bias() ? addParameter("bias_ih" + suffix, init.create(generator, in, rows, rows)) : null;
                Parameter bhh = options.bias() ? addParameter("bias_hh" + suffix, init.create(generator, hiddenSize, rows, rows)) : null;
                weights.add(new DirectionWeights(ih, hh, bih, bhh));
            }
        }
        this.dropoutGenerator = addGenerator(generator.split());
    }

    /**
     * One time step of the cell. {@code inputGates} = x W_ihᵀ + b_ih and {@code hiddenGates} =
     * h W_hhᵀ + b_hh, both [N, gates·H]; {@code state} is {h} or {h, c}, each [N, H]. Returns the
     * new state in the same order.
     */
    abstract Tensor[] step(Tensor inputGates, Tensor hiddenGates, Tensor[] state);

    /**
     * Whether {@link #step} uses the two gate products only through their sum (true for RNN and
     * LSTM; GRU scales part of the hidden one first), so the hidden bias may go with either.
     */
    boolean addsGateProducts() {
        return true;
    }

    /** A detail for {@link #describe()} beyond sizes, layers and directions, or null. */
    String cellDetail() {
        return null;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public RecurrentOptions options() {
        return options;
    }

    // ---- inside a Sequential ----

    /** Every sequence runs its full length; returns what the options' {@link RecurrentOptions.Returns} asks for. */
    @Override
    public Tensor forward(Tensor input) {
        return forward(Flow.of(input)).values();
    }

    /** Reads the real lengths from the flow's mask (right-padded; null = all full). */
    @Override
    public Flow forward(Flow input) {
        boolean sequence = options.returns() == RecurrentOptions.Returns.SEQUENCE;
        Pass pass = compute(input.values(), input.mask(), new Tensor[stateCount], sequence);
        return sequence
                ? input.withValues(pass.sequence())
                : input.withoutTime(pass.lastState());
    }

    // ---- as a library call, like torch's module(pack_padded_sequence(...)) ----

    /** Right-padded sequences of the given lengths (each in 0..T), from zero initial states. */
    public RecurrentResult run(Tensor input, int[] lengths) {
        checkInput(input);
        if (lengths.length != input.size(0)) {
            throw new IllegalArgumentException(describe() + " got " + lengths.length + " lengths for a batch of " + input.size(0));
        }
        for (int length : lengths) {
            if (length < 0 || length > input.size(1)) {
                throw new IllegalArgumentException(describe() + ": length " + length + " is outside 0.." + input.size(1)
                        + " for input " + input.describe() + ", lengths " + Arrays.toString(lengths));
            }
        }
        return run(input, Tensors.of(lengths, lengths.length), null, null);
    }

    /** Right-padded sequences whose lengths are an I32 tensor [N] (null = all full), from zero initial states. */
    public RecurrentResult run(Tensor input, Tensor lengths) {
        return run(input, lengths, null, null);
    }

    /**
     * Right-padded sequences from given initial states: {@code h0} (and, for LSTM, {@code c0}) are
     * [num_layers·dirs, N, H] as in PyTorch, or null for zeros. Lengths as above.
     */
    public RecurrentResult run(Tensor input, Tensor lengths, Tensor h0, Tensor c0) {
        checkInput(input);
        if (c0 != null && stateCount < 2) {
            throw new IllegalArgumentException(describe() + " has no cell state, but c0 " + c0.describe() + " was given");
        }
        Tensor[] initial = stateCount == 2 ? new Tensor[] {h0, c0} : new Tensor[] {h0};
        Pass pass = compute(input, lengths == null ? null : lengthMask(input, lengths), initial, true);
        return new RecurrentResult(pass.sequence(), pass.finalStates(0), stateCount == 2 ? pass.finalStates(1) : null);
    }

    // ---- the time loop ----

    /** {@code keepSequence}: whether the last layer's per-step outputs are needed, or only the final states. */
    private Pass compute(Tensor input, Tensor mask, Tensor[] initial, boolean keepSequence) {
        checkInput(input);
        int batch = input.size(0);
        int steps = input.size(1);
        checkMask(mask, batch, steps);
        int directions = options.directions();
        for (Tensor state : initial) {
            checkInitialState(state, batch);
        }
        Step[] stepKinds = stepKinds(mask, batch, steps);
        Tensor[] layerInput = new Tensor[steps];
        splitSteps(input, 0, layerInput);
        // without gradients every step's input product comes from one GEMM over the whole
        // sequence, which both directions of a layer read
        boolean projectSequence = !GradMode.isEnabled();
        Tensor layerSequence = projectSequence ? input : null;
        Tensor zeros = Tensors.zeros(input.dtype(), input.device(), batch, hiddenSize);
        Tensor[][] finals = new Tensor[weights.size()][];
        Tensor[][] outputs = new Tensor[directions][];
        for (int layer = 0; layer < options.numLayers(); layer++) {
            boolean keepOutputs = keepSequence || layer + 1 < options.numLayers();
            for (int direction = 0; direction < directions; direction++) {
                int index = layer * directions + direction;
                Tensor[] state = new Tensor[stateCount];
                for (int s = 0; s < stateCount; s++) {
                    state[s] = initial[s] == null ? zeros : initial[s].narrow(0, index, 1).squeeze(0);
                }
                outputs[direction] = keepOutputs ? new Tensor[steps] : null;
                finals[index] = runDirection(weights.get(index), layerInput, layerSequence, stepKinds, state, zeros,
                        direction == 1, outputs[direction]);
            }
            if (layer + 1 < options.numLayers()) {
                layerInput = nextLayerInput(outputs);
                layerSequence = projectSequence ? stack(layerInput) : null;
            }
        }
        return new Pass(outputs, finals);
    }

    /**
     * What the mask says of each step: every sequence real there, every one padded, or some of
     * each. Only the mixed steps pay for masking, and fully padded ones (past the batch's longest
     * sequence) for nothing, as with PyTorch's packed sequences.
     */
    private static Step[] stepKinds(Tensor mask, int batch, int steps) {
        Step[] kinds = new Step[steps];
        if (mask == null) {
            Arrays.fill(kinds, Step.REAL);
            return kinds;
        }
        double[] flags = mask.toDoubleArray();
        for (int t = 0; t < steps; t++) {
            int real = 0;
            for (int n = 0; n < batch; n++) {
                if (flags[n * steps + t] != 0) {
                    real++;
                }
            }
            kinds[t] = real == batch ? Step.REAL : real == 0 ? Step.PADDED : new Step(mask.narrow(1, t, 1));
        }
        return kinds;
    }

    /**
     * The steps of [N, T, C] as [N, C] views, into {@code out} from {@code start}. A narrow's
     * gradient is as large as the tensor it was cut from, so cutting each step from the whole
     * input would cost O(T²) in backward; halving recursively costs O(T log T).
     */
    private static void splitSteps(Tensor x, int start, Tensor[] out) {
        int steps = x.size(1);
        if (steps == 1) {
            out[start] = x.squeeze(1);
            return;
        }
        int half = steps / 2;
        splitSteps(x.narrow(1, 0, half), start, out);
        splitSteps(x.narrow(1, half, steps - half), start + half, out);
    }

    /**
     * Runs one direction over every step, filling {@code outputs} unless it is null; returns the
     * final state. {@code sequence} is the steps side by side as [N, T, C] when no gradients are
     * recorded (the input products then come from one GEMM), else null. {@code zeros} [N, H] is a
     * padded step's output.
     */
    private Tensor[] runDirection(DirectionWeights w, Tensor[] inputs, Tensor sequence, Step[] stepKinds, Tensor[] initial,
            Tensor zeros, boolean reverse, Tensor[] outputs) {
        Tensor inputWeight = w.inputWeight().value().transpose(0, 1);
        Tensor hiddenWeight = w.hiddenWeight().value().transpose(0, 1);
        // where the cell only ever adds the two products, the whole-sequence product takes both
        // biases, which saves an addition a step
        Tensor inputBias = w.inputBias() == null ? null : w.inputBias().value();
        Tensor hiddenBias = w.hiddenBias() == null ? null : w.hiddenBias().value();
        Tensor projected = null;
        if (sequence != null) {
            boolean foldHiddenBias = hiddenBias != null && addsGateProducts();
            projected = affine(sequence, inputWeight, foldHiddenBias ? Elementwise.add(inputBias, hiddenBias) : inputBias);
            hiddenBias = foldHiddenBias ? null : hiddenBias;
        }
        Tensor[] state = initial;
        for (int k = 0; k < inputs.length; k++) {
            int t = reverse ? inputs.length - 1 - k : k;
            Step kind = stepKinds[t];
            if (kind == Step.PADDED) {
                // every sequence has ended (or, in reverse, not begun): the state stays as it is
                if (outputs != null) {
                    outputs[t] = zeros;
                }
                continue;
            }
            // without gradients nothing of a step is needed once its state is out, so each step's
            // intermediates are freed as it ends and the next step reuses their arrays (a scope
            // over the whole pass would hold hundreds of them)
            try (MemoryScope stepScope = GradMode.isEnabled() ? null : MemoryScope.open()) {
                // with gradients, one product per step: cutting steps out of one product makes
                // backward copy gradients as wide as the whole sequence's gates
                Tensor inputGates = projected != null ? projected.narrow(1, t, 1).squeeze(1)
                        : affine(inputs[t], inputWeight, inputBias);
                Tensor hiddenGates = affine(state[0], hiddenWeight, hiddenBias);
                Tensor[] next = step(inputGates, hiddenGates, state);
                Tensor mask = kind.mask();
                if (mask == null) {
                    if (outputs != null) {
                        outputs[t] = next[0];
                    }
                } else {
                    // a padded step keeps the state and outputs zeros; where() routes gradients the same way
                    if (outputs != null) {
                        outputs[t] = Elementwise.where(mask, next[0], zeros);
                    }
                    for (int s = 0; s < next.length; s++) {
                        next[s] = Elementwise.where(mask, next[s], state[s]);
                    }
                }
                if (stepScope != null) {
                    keepOutOfStep(next, outputs == null ? null : outputs[t]);
                }
                state = next;
            }
        }
        return state;
    }

    /** Hands a step's new state and output (which may be the state's first tensor) on from its scope. */
    private static void keepOutOfStep(Tensor[] state, Tensor output) {
        for (Tensor s : state) {
            MemoryScope.keep(s);
        }
        if (output != null && output != state[0]) {
            MemoryScope.keep(output);
        }
    }

    /** The steps [N, C] side by side as [N, T, C]. */
    private static Tensor stack(Tensor[] steps) {
        List<Tensor> parts = new ArrayList<>(steps.length);
        for (Tensor step : steps) {
            parts.add(step.unsqueeze(1));
        }
        return Views.cat(parts, 1);
    }

    private static Tensor affine(Tensor x, Tensor weightT, Tensor bias) {
        Tensor product = x.matmul(weightT);
        return bias == null ? product : Elementwise.add(product, bias);
    }

    /** The directions' outputs joined per step, with dropout between layers while training. */
    private Tensor[] nextLayerInput(Tensor[][] outputs) {
        Tensor[] joined = new Tensor[outputs[0].length];
        for (int t = 0; t < joined.length; t++) {
            Tensor step = outputs.length == 1 ? outputs[0][t] : Views.cat(List.of(outputs[0][t], outputs[1][t]), 1);
            joined[t] = Dropout.dropout(step, options.dropout(), isTraining(), dropoutGenerator);
        }
        return joined;
    }

    /** 1 where t < length, as [N, T] in I32 (where() reads any nonzero as true). */
    private Tensor lengthMask(Tensor input, Tensor lengths) {
        if (lengths.dtype() != DType.I32 || lengths.dim() != 1 || lengths.size(0) != input.size(0)) {
            throw new IllegalArgumentException(describe() + " needs lengths as an I32 tensor [" + input.size(0) + "], got " + lengths.describe());
        }
        Tensor positions = Tensors.arange(input.size(1), DType.I32, input.device()).unsqueeze(0);
        return Elementwise.compare(CompareOp.LT, positions, lengths.to(input.device()).unsqueeze(1));
    }

    // ---- checks ----

    private void checkInput(Tensor input) {
        if (input.dim() != 3 || input.size(2) != inputSize || input.size(1) < 1) {
            throw new IllegalArgumentException(describe() + " needs batch-first input [N, T, " + inputSize + "] with T >= 1, got "
                    + input.describe());
        }
    }

    private void checkMask(Tensor mask, int batch, int steps) {
        if (mask != null && !Arrays.equals(mask.shape(), new int[] {batch, steps})) {
            throw new IllegalArgumentException(describe() + " needs a mask [" + batch + ", " + steps + "] for its input, got " + mask.describe());
        }
    }

    private void checkInitialState(Tensor state, int batch) {
        int[] expected = {weights.size(), batch, hiddenSize};
        if (state != null && !Arrays.equals(state.shape(), expected)) {
            throw new IllegalArgumentException(describe() + " needs initial states [" + Shapes.format(expected) + "] (num_layers·dirs, N, H), got "
                    + state.describe());
        }
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 2 || inputShape[1] != inputSize) {
            throw new IllegalArgumentException(describe() + " needs inputs [T, " + inputSize + "] (time, features), got ["
                    + Shapes.format(inputShape) + "]");
        }
        int width = hiddenSize * options.directions();
        return options.returns() == RecurrentOptions.Returns.SEQUENCE ? new int[] {inputShape[0], width} : new int[] {width};
    }

    @Override
    public String describe() {
        StringBuilder out = new StringBuilder(name).append('(').append(inputSize).append(" → ").append(hiddenSize);
        if (options.numLayers() > 1) {
            out.append(", ").append(options.numLayers()).append(" layers");
        }
        if (options.bidirectional()) {
            out.append(", bidirectional");
        }
        if (cellDetail() != null) {
            out.append(", ").append(cellDetail());
        }
        return out.append(')').toString();
    }

    /** A step of the time loop: {@link #REAL}, {@link #PADDED}, or one whose mask column [N, 1] says which sequences are real. */
    private static final class Step {
        static final Step REAL = new Step(null);
        static final Step PADDED = new Step(null);

        private final Tensor mask;

        Step(Tensor mask) {
            this.mask = mask;
        }

        /** Null for every step but a mixed one. */
        Tensor mask() {
            return mask;
        }
    }

    /** One direction's parameters; the biases are null without bias. */
    private record DirectionWeights(Parameter inputWeight, Parameter hiddenWeight, Parameter inputBias, Parameter hiddenBias) {
    }

    /**
     * The last layer's per-step outputs of each direction and every layer's and direction's final
     * state; the results are assembled from them only as asked.
     */
    private record Pass(Tensor[][] lastOutputs, Tensor[][] finals) {

        Tensor sequence() {
            List<Tensor> perDirection = new ArrayList<>();
            for (Tensor[] steps : lastOutputs) {
                List<Tensor> timed = new ArrayList<>();
                for (Tensor step : steps) {
                    timed.add(step.unsqueeze(1));
                }
                perDirection.add(Views.cat(timed, 1));
            }
            return perDirection.size() == 1 ? perDirection.get(0) : Views.cat(perDirection, 2);
        }

        /** The last layer's final hidden states of its directions, side by side: [N, H·dirs]. */
        Tensor lastState() {
            List<Tensor> last = new ArrayList<>();
            for (int d = finals.length - lastOutputs.length; d < finals.length; d++) {
                last.add(finals[d][0]);
            }
            return last.size() == 1 ? last.get(0) : Views.cat(last, 1);
        }

        /** State component {@code s} of every layer and direction, [num_layers·dirs, N, H]. */
        Tensor finalStates(int s) {
            List<Tensor> stacked = new ArrayList<>();
            for (Tensor[] state : finals) {
                stacked.add(state[s].unsqueeze(0));
            }
            return Views.cat(stacked, 0);
        }
    }
}
