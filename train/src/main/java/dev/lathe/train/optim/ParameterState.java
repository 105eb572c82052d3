package dev.lathe.train.optim;

import dev.lathe.engine.MemoryScope;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One parameter's optimizer state: its update count and its buffers (zeros at first, as PyTorch creates them). */
final class ParameterState implements AutoCloseable {

    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private long updates;

    ParameterState(List<String> bufferNames, Tensor parameter) {
        for (String name : bufferNames) {
            buffers.put(name, MemoryScope.detach(Tensors.zerosLike(parameter)));
        }
    }

    long updates() {
        return updates;
    }

    void setUpdates(long updates) {
        this.updates = updates;
    }

    Tensor get(String buffer) {
        return buffers.get(buffer);
    }

    /** Replaces a buffer by a freshly computed tensor, which this state now owns. */
    void set(String buffer, Tensor value) {
        Tensor previous = buffers.put(buffer, MemoryScope.detach(value));
        if (previous != null && previous != value) {
            previous.close();
        }
    }

    @Override
    public void close() {
        buffers.values().forEach(Tensor::close);
    }
}
