package dev.lathe.layers;

import dev.lathe.engine.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Layers applied one after another; each is a child named by its position ("0", "1", …) unless given a name. */
public final class Sequential extends Layer {

    private final Map<String, Layer> layers = new LinkedHashMap<>();

    public Sequential(Layer... layers) {
        for (Layer layer : layers) {
            add(layer);
        }
    }

    /** Appends a layer named by its position, as torch.nn.Sequential names them. */
    public Sequential add(Layer layer) {
        return add(Integer.toString(layers.size()), layer);
    }

    public Sequential add(String name, Layer layer) {
        layers.put(name, addChild(name, layer));
        return this;
    }

    /** The layers by name, in order. */
    public Map<String, Layer> layers() {
        return new LinkedHashMap<>(layers);
    }

    public List<Layer> layerList() {
        return new ArrayList<>(layers.values());
    }

    @Override
    public Tensor forward(Tensor input) {
        return forward(Flow.of(input)).values();
    }

    @Override
    public Flow forward(Flow input) {
        Flow flow = input;
        for (Layer layer : layers.values()) {
            flow = layer.forward(flow);
        }
        return flow;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int[] shape = inputShape;
        for (Layer layer : layers.values()) {
            shape = layer.outputShape(shape);
        }
        return shape;
    }
}
