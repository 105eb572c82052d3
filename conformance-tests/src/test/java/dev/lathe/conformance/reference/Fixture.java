package dev.lathe.conformance.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.io.SafeTensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One golden case written by conformance-tests/reference/fixture_writer.py: the tensors of
 * {@code <case>.safetensors} grouped by their prefix (input., param., grad_output., output.,
 * grad_input., grad_param., state_after.) and the settings of {@code <case>.json}. Every tensor
 * created while a fixture is open (the layer under test included) is freed when it closes.
 */
final class Fixture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FOLDER = "reference/layers";

    private final String name;
    private final JsonNode settings;
    private final MemoryScope scope;
    private final Map<String, Tensor> tensors;

    private Fixture(String name, JsonNode settings, MemoryScope scope, Map<String, Tensor> tensors) {
        this.name = name;
        this.settings = settings;
        this.scope = scope;
        this.tensors = tensors;
    }

    static Fixture load(String name) {
        Path folder = folder();
        JsonNode settings = readJson(folder.resolve(name + ".json"));
        MemoryScope scope = MemoryScope.open();
        try {
            return new Fixture(name, settings, scope, SafeTensors.read(folder.resolve(name + ".safetensors")).tensors());
        } catch (RuntimeException e) {
            scope.close();
            throw e;
        }
    }

    /** The names of the cases whose json names one of {@code layers}, sorted. */
    static Stream<String> casesOf(String... layers) {
        Set<String> wanted = Set.of(layers);
        try (Stream<Path> files = Files.list(folder())) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".json"))
                    .map(f -> f.substring(0, f.length() - ".json".length()))
                    .filter(n -> wanted.contains(readJson(folder().resolve(n + ".json")).path("layer").asText()))
                    .sorted()
                    .toList();
            return names.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path folder() {
        try {
            return Path.of(Fixture.class.getClassLoader().getResource(FOLDER).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name() {
        return name;
    }

    /** The constructor settings of the layer or loss. */
    JsonNode args() {
        return settings.path("args");
    }

    /** Whether PyTorch ran the module in training mode. */
    boolean train() {
        return settings.path("train").asBoolean(true);
    }

    /** How many additions one compared value passes through, forward and backward (see {@link Agreement}). */
    int reductionLength() {
        return settings.path("reduction_length").asInt();
    }

    /** The tensors whose names start with {@code prefix} + ".", by the rest of their name, in file order. */
    Map<String, Tensor> group(String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((key, value) -> {
            if (key.startsWith(prefix + ".")) {
                out.put(key.substring(prefix.length() + 1), value);
            }
        });
        return out;
    }

    @Override
    public void close() {
        scope.close();
        tensors.values().forEach(Tensor::close);
    }
}
