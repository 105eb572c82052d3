package dev.lathe.layers;

/** A parameterless layer applied element by element (or along one axis): the output has the input's shape. */
public abstract class Activation extends Layer {

    Activation() {
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }
}
