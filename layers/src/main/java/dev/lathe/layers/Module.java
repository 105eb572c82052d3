package dev.lathe.layers;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.autograd.GradMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A tree of named parameters, buffers and sub-modules, as torch.nn.Module. Names join with dots
 * in registration order (a module's own entries, then each child's), which is how PyTorch's
 * {@code state_dict} names them, so checkpoints carry over without renaming.
 */
public abstract class Module implements AutoCloseable {

    private final Map<String, Parameter> entries = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final List<Generator> generators = new ArrayList<>();
    private boolean training = true;

    // ---- registration (constructors of subclasses) ----

    protected final Parameter addParameter(String name, Tensor value) {
        return addEntry(name, new Parameter(value, true));
    }

    protected final Parameter addBuffer(String name, Tensor value) {
        return addEntry(name, new Parameter(value, false));
    }

    private Parameter addEntry(String name, Parameter entry) {
        checkFreeName(name);
        entries.put(name, entry);
        return entry;
    }

    protected final <M extends Module> M addChild(String name, M child) {
        checkFreeName(name);
        children.put(name, child);
        child.train(training);
        return child;
    }

    /** Registers a random stream the module draws from while training (dropout), so a trainer can re-seed it. */
    protected final Generator addGenerator(Generator generator) {
        generators.add(generator);
        return generator;
    }

    private void checkFreeName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("module entry names must be non-empty and dot-free, got '" + name + "'");
        }
        if (entries.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " already has an entry named '" + name + "'");
        }
    }

    // ---- the tree ----

    /** The direct sub-modules, by name, in registration order. */
    public Map<String, Module> children() {
        return new LinkedHashMap<>(children);
    }

    /** Every trainable parameter of the tree, by dotted name (torch's {@code named_parameters}). */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, true);
        return out;
    }

    /** Parameters and buffers of the tree, by dotted name (the entries of torch's {@code state_dict}). */
    public Map<String, Parameter> namedEntries() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, false);
        return out;
    }

    private void collect(String prefix, Map<String, Parameter> out, boolean trainableOnly) {
        entries.forEach((name, entry) -> {
            if (!trainableOnly || entry.trainable()) {
                out.put(prefix + name, entry);
            }
        });
        children.forEach((name, child) -> child.collect(prefix + name + ".", out, trainableOnly));
    }

    /**
     * Every random stream of the tree, in registration order. A trainer re-seeds them at each epoch
     * from the run's seed, so a resumed run draws the same dropout masks as an uninterrupted one.
     */
    public List<Generator> generators() {
        List<Generator> out = new ArrayList<>(generators);
        children.values().forEach(child -> out.addAll(child.generators()));
        return out;
    }

    public List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** The tensors of every parameter and buffer, by dotted name; the module still owns them. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedEntries().forEach((name, entry) -> out.put(name, entry.value()));
        return out;
    }

    /**
     * Copies tensors into the parameters and buffers of the same names (converting dtype and device
     * to the module's). With {@code strict}, a missing or unexpected name is an error; a shape
     * mismatch always is. Nothing is changed unless every tensor fits.
     */
    public void loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Parameter> mine = namedEntries();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : mine.entrySet()) {
            Tensor source = state.get(e.getKey());
            if (source == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(source.shape(), e.getValue().value().shape())) {
                throw new InvalidInputException("state entry '" + e.getKey() + "' has shape [" + Shapes.format(source.shape())
                        + "] but the model's is [" + Shapes.format(e.getValue().value().shape()) + "]");
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : state.keySet()) {
            if (!mine.containsKey(name)) {
                unexpected.add(name);
            }
        }
        if (strict && (!missing.isEmpty() || !unexpected.isEmpty())) {
            throw new InvalidInputException("state does not match the model: missing " + missing + ", unexpected " + unexpected);
        }
        try (GradMode.Restore off = GradMode.noGrad()) {
            for (Map.Entry<String, Parameter> e : mine.entrySet()) {
                Tensor source = state.get(e.getKey());
                if (source != null) {
                    Tensor target = e.getValue().value();
                    try (Tensor onDevice = source.to(target.device())) {
                        target.backend().copy(onDevice, target);
                    }
                }
            }
        }
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        long total = 0;
        for (Parameter p : namedParameters().values()) {
            total += p.value().numel();
        }
        return total;
    }

    // ---- mode, conversion, gradients ----

    /** Training mode (dropout active, batch statistics) or evaluation mode, for the whole tree. */
    public Module train(boolean on) {
        training = on;
        children.values().forEach(child -> child.train(on));
        return this;
    }

    public Module eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    /** Converts every floating-point parameter and buffer to {@code dtype} (integer buffers keep theirs). */
    public Module to(DType dtype) {
        return convert(t -> t.dtype().isFloatingPoint() ? t.to(dtype) : t.to(t.dtype()));
    }

    /** Moves every parameter and buffer to {@code device}. */
    public Module to(Device device) {
        return convert(t -> t.to(device));
    }

    private Module convert(UnaryOperator<Tensor> conversion) {
        try (GradMode.Restore off = GradMode.noGrad()) {
            for (Parameter entry : namedEntries().values()) {
                // an unchanged conversion is a view that shares the storage: set() keeps it alive
                entry.set(conversion.apply(entry.value()));
            }
        }
        return this;
    }

    /** Drops every parameter's gradient. */
    public void zeroGrad() {
        for (Parameter p : namedParameters().values()) {
            p.value().setGrad(null);
        }
    }

    /** Frees every parameter and buffer of the tree. */
    @Override
    public void close() {
        entries.values().forEach(Parameter::close);
        children.values().forEach(Module::close);
    }
}
