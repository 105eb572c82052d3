package dev.lathe.train.optim;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.autograd.GradMode;
import dev.lathe.layers.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every optimizer shares: the named parameters, the learning rate, the step count, per-parameter
 * state created at a parameter's first update, and saving/restoring that state. Subclasses give the
 * update rule of one parameter.
 */
abstract class ParameterOptimizer implements Optimizer {

    private static final String STEP = "step";

    private final String kind;
    private final Map<String, Parameter> parameters;
    private final List<String> bufferNames;
    private final Map<String, ParameterState> states = new LinkedHashMap<>();
    private double learningRate;
    private long steps;

    ParameterOptimizer(String kind, Map<String, Parameter> parameters, double learningRate, List<String> bufferNames) {
        this.kind = kind;
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(kind + " got no parameters to optimize");
        }
        parameters.forEach((name, p) -> {
            if (!p.trainable()) {
                throw new IllegalArgumentException(kind + ": '" + name + "' is a buffer, not a trainable parameter");
            }
        });
        this.parameters = new LinkedHashMap<>(parameters);
        this.bufferNames = List.copyOf(bufferNames);
        setLearningRate(learningRate);
    }

    /**
     * The new value of one parameter, written back by the caller; or {@code value} itself when the
     * rule rewrote it in place (a fused backend update). {@code state} has already counted this
     * update. Runs without gradient recording inside a memory scope that frees the temporaries.
     */
    abstract Tensor update(Tensor value, Tensor grad, ParameterState state);

    @Override
    public final void step() {
        try (GradMode.Restore off = GradMode.noGrad(); MemoryScope scope = MemoryScope.open()) {
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                Tensor value = e.getValue().value();
                Tensor grad = value.grad();
                if (grad == null) {
                    continue;
                }
                ParameterState state = states.computeIfAbsent(e.getKey(), name -> new ParameterState(bufferNames, value));
                state.setUpdates(state.updates() + 1);
                Tensor updated = update(value, grad, state);
                if (updated != value) {
                    value.backend().copy(updated, value);
                }
            }
        }
        steps++;
    }

    @Override
    public final void zeroGrad() {
        parameters.values().forEach(p -> p.value().setGrad(null));
    }

    @Override
    public final double learningRate() {
        return learningRate;
    }

    @Override
    public final void setLearningRate(double lr) {
        requireAtLeastZero("lr", lr);
        learningRate = lr;
    }

    @Override
    public final long steps() {
        return steps;
    }

    @Override
    public final Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(STEP, count(steps));
        states.forEach((name, state) -> {
            out.put(STEP + "." + name, count(state.updates()));
            for (String buffer : bufferNames) {
                out.put(buffer + "." + name, Tensors.copyOf(state.get(buffer)));
            }
        });
        return out;
    }

    @Override
    public final void loadState(Map<String, Tensor> state) {
        long restoredSteps = checkState(state);
        try (GradMode.Restore off = GradMode.noGrad()) {
            states.values().forEach(ParameterState::close);
            states.clear();
            parameters.forEach((name, p) -> {
                Tensor updates = state.get(STEP + "." + name);
                if (updates == null) {
                    return;
                }
                Tensor value = p.value();
                ParameterState restored = new ParameterState(bufferNames, value);
                restored.setUpdates(readCount(STEP + "." + name, updates));
                for (String buffer : bufferNames) {
                    try (Tensor onDevice = state.get(buffer + "." + name).to(value.device())) {
                        value.backend().copy(onDevice, restored.get(buffer));
                    }
                }
                states.put(name, restored);
            });
        }
        steps = restoredSteps;
    }

    /** Checks every entry before anything changes; returns the step count. */
    private long checkState(Map<String, Tensor> state) {
        Tensor step = state.get(STEP);
        if (step == null) {
            throw new InvalidInputException(kind + " state: missing entry '" + STEP + "'");
        }
        List<String> unexpected = new ArrayList<>();
        for (String key : state.keySet()) {
            int dot = key.indexOf('.');
            boolean known = key.equals(STEP) || dot > 0
                    && (key.startsWith(STEP + ".") || bufferNames.contains(key.substring(0, dot)))
                    && parameters.containsKey(key.substring(dot + 1));
            if (!known) {
                unexpected.add(key);
            }
        }
        if (!unexpected.isEmpty()) {
            throw new InvalidInputException(kind + " state: unexpected entries " + unexpected + " (expected 'step', and 'step.<parameter>'"
                    + bufferNames.stream().map(b -> ", '" + b + ".<parameter>'").reduce("", String::concat) + ")");
        }
        parameters.forEach((name, p) -> {
            boolean updated = state.containsKey(STEP + "." + name);
            if (updated) {
                readCount(STEP + "." + name, state.get(STEP + "." + name));
            }
            for (String buffer : bufferNames) {
                String key = buffer + "." + name;
                Tensor t = state.get(key);
                if (t == null && updated) {
                    throw new InvalidInputException(kind + " state: missing entry '" + key + "'");
                }
                if (t != null && !updated) {
                    throw new InvalidInputException(kind + " state: '" + key + "' is present but 'step." + name + "' is missing");
                }
                if (t != null && !Arrays.equals(t.shape(), p.value().shape())) {
                    throw new InvalidInputException(kind + " state: '" + key + "' has shape [" + Shapes.format(t.shape())
                            + "] but parameter '" + name + "' has [" + Shapes.format(p.value().shape()) + "]");
                }
            }
        });
        return readCount(STEP, step);
    }

    private long readCount(String key, Tensor t) {
        double value = t.numel() == 1 ? t.item() : Double.NaN;
        if (!(value >= 0 && value == Math.rint(value))) {
            throw new InvalidInputException(kind + " state: '" + key + "' must hold one whole number >= 0, got " + t.describe()
                    + (t.numel() == 1 ? " = " + value : ""));
        }
        return (long) value;
    }

    private static Tensor count(long n) {
        return Tensors.full(n, DType.F64, Device.CPU);
    }

    @Override
    public final void close() {
        states.values().forEach(ParameterState::close);
        states.clear();
    }

    /** A hyper-parameter check with PyTorch's bounds. */
    final void requireAtLeastZero(String name, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(kind + ": " + name + " must be a number >= 0, got " + value);
        }
    }
}
