package dev.lathe.layers;

import dev.lathe.engine.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Layers applied one after another; each is a child named by its position ("0", "1", …) unless given a name. */
public final class Sequential extends Layer {

    private final Map<String, Layer> layers = new LinkedHashMap<>();
    /** The layers in order, for the forward pass's look at the next layer. */
    private final List<Layer> order = new ArrayList<>();

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
        order.add(layer);
        return this;
    }

    /** The layers by name, in order. */
    public Map<String, Layer> layers() {
        return new LinkedHashMap<>(layers);
    }

    public List<Layer> layerList() {
        return new ArrayList<>(order);
    }

    @Override
    public Tensor forward(Tensor input) {
        return forward(Flow.of(input)).values();
    }

    @Override
    public Flow forward(Flow input) {
        Flow flow = input;
        for (int i = 0; i < order.size(); i++) {
            Layer layer = order.get(i);
            if (layer instanceof Embedding embedding && i + 1 < order.size() && order.get(i + 1) instanceof GlobalAvgPool1d
                    && embedding.poolsAsBag(flow)) {
                // an embedding averaged over time is an embedding bag: the same values without the
                // [N, T, D] lookup, which with the pool's pass over it was most of a text model's inference
                flow = embedding.forwardMeanPooled(flow);
                i++;
            } else {
                flow = layer.forward(flow);
            }
        }
        return flow;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int[] shape = inputShape;
        for (Layer layer : order) {
            shape = layer.outputShape(shape);
        }
        return shape;
    }
}
