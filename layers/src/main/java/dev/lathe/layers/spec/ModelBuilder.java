package dev.lathe.layers.spec;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Shapes;
import dev.lathe.layers.Layer;
import dev.lathe.layers.Parameter;
import dev.lathe.layers.Sequential;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a {@link Model} from a spec: walks the layers with the shape of one sample, creating each
 * layer for the shape it receives (so no input size is ever written twice) and rejecting, with the
 * JSON path, any layer that cannot take that shape.
 */
public final class ModelBuilder {

    private ModelBuilder() {
    }

    /** Reads and builds a spec file; relative paths inside it (a BERT config_file) resolve against its folder. */
    public static Model build(Path specFile) {
        return build(specFile, null);
    }

    /** As {@link #build(Path)}, initialising from {@code seed} instead of the spec's seed when it is not null. */
    public static Model build(Path specFile, Long seed) {
        return build(SpecReader.readText(specFile), specFile.toString(), specFile.toAbsolutePath().getParent(), seed);
    }

    /** Builds from spec text; {@code source} names it in errors, {@code folder} resolves relative paths. */
    public static Model build(String specText, String source, Path folder) {
        return build(specText, source, folder, null);
    }

    private static Model build(String specText, String source, Path folder, Long seed) {
        ModelSpec spec = SpecReader.parse(specText, source);
        SpecChecks checks = new SpecChecks(source);
        checks.validate(spec);
        Generator generator = new Generator(seed != null ? seed : spec.seedOrDefault());
        LayerFactory factory = new LayerFactory(checks, folder);

        Sequential network = new Sequential();
        List<Summary.Row> rows = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int[] shape = spec.input().shape().clone();
        boolean tokenIds = spec.input().dtypeOrDefault() == InputSpec.ValueType.INT32;
        try {
            for (int i = 0; i < spec.layers().size(); i++) {
                String path = "$.layers[" + i + "]";
                LayerSpec entry = spec.layers().get(i);
                if (tokenIds != LayerFactory.takesTokenIds(entry)) {
                    throw checks.error(path, tokenIds
                            ? "the input holds int32 token ids, which only an embedding or bert layer takes (got " + LayerFactory.typeName(entry) + ")"
                                                        : LayerFactory.typeName(entry) + " takes int32 token ids, but receives float32 values of shape [" + Shapes.format(shape) + "]");
                }
                Layer layer = factory.create(entry, shape, generator, path);
                shape = add(network, rows, names, layer, entry.name(), shape, checks, path);
                Layer activation = factory.activation(entry, path);
                if (activation != null) {
                    shape = add(network, rows, names, activation, null, shape, checks, path);
                }
                tokenIds = false;
            }
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
        long buffers = 0;
        for (Parameter p : network.namedEntries().values()) {
            buffers += p.trainable() ? 0 : p.value().numel();
        }
        return new Model(spec, specText, network, new Summary(spec.name(), rows, network.parameterCount(), buffers));
    }

    /** Appends a layer under its own name or its position, checking that it takes the shape it receives. */
    private static int[] add(Sequential network, List<Summary.Row> rows, Set<String> names, Layer layer, String ownName,
                             int[] shape, SpecChecks checks, String path) {
        int[] out;
        try {
            out = layer.outputShape(shape);
        } catch (IllegalArgumentException e) {
            layer.close();
            throw checks.error(path, e.getMessage());
        }
        String name = ownName != null ? ownName : Integer.toString(network.layers().size());
        if (ownName != null && (name.isEmpty() || name.contains(".") || name.matches("\\d+"))) {
            layer.close();
            throw checks.error(path + ".name", "a layer name must be non-empty, without dots, and not a bare number, got '" + name + "'");
        }
        if (!names.add(name)) {
            layer.close();
            throw checks.error(path + ".name", "the name '" + name + "' is already used by another layer");
        }
        network.add(name, layer);
        rows.add(new Summary.Row(name, layer.describe(), out, layer.parameterCount()));
        return out;
    }
}
