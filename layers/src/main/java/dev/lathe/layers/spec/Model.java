package dev.lathe.layers.spec;

import dev.lathe.engine.Tensor;
import dev.lathe.layers.Flow;
import dev.lathe.layers.Sequential;

/**
 * A network built from a model spec: the layers (a {@link Sequential} whose state-dict names are
 * PyTorch's), the spec it came from (and its original text, for checkpoints and run directories),
 * and the shape each layer produces.
 */
public final class Model implements AutoCloseable {

    private final ModelSpec spec;
    private final String specText;
    private final Sequential network;
    private final Summary summary;

    Model(ModelSpec spec, String specText, Sequential network, Summary summary) {
        this.spec = spec;
        this.specText = specText;
        this.network = network;
        this.summary = summary;
    }

    public ModelSpec spec() {
        return spec;
    }

    /** The spec's JSON as it was read. */
    public String specText() {
        return specText;
    }

    public Sequential network() {
        return network;
    }

    public Summary summary() {
        return summary;
    }

    public Tensor forward(Tensor input) {
        return network.forward(input);
    }

    public Flow forward(Flow input) {
        return network.forward(input);
    }

    @Override
    public void close() {
        network.close();
    }
}
