package dev.lathe.engine.io;

import dev.lathe.engine.Tensor;
import java.util.Map;

/**
 * What a safetensors file holds: its tensors (on the CPU, in header order) and its metadata. The
 * caller owns the tensors; {@link #close()} frees them all.
 */
public record SafeTensorsContent(Map<String, Tensor> tensors, Map<String, String> metadata) implements AutoCloseable {

    @Override
    public void close() {
        tensors.values().forEach(Tensor::close);
    }
}
