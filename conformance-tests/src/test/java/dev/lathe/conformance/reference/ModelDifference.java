package dev.lathe.conformance.reference;

import dev.lathe.engine.Tensor;
import java.util.Map;

/** The largest absolute difference between Lathe's numbers and PyTorch's, and where it is. */
record ModelDifference(double value, String where) {

    static ModelDifference of(float[] lathe, float[] torch, String where) {
        if (lathe.length != torch.length) {
            throw new AssertionError(where + ": Lathe has " + lathe.length + " values, PyTorch " + torch.length);
        }
        double max = 0;
        for (int i = 0; i < lathe.length; i++) {
            max = Math.max(max, Math.abs((double) lathe[i] - torch[i]));
        }
        return new ModelDifference(max, where);
    }

    /** Over every tensor of {@code torch}, which {@code lathe} must hold under the same names. */
    static ModelDifference of(Map<String, Tensor> lathe, Map<String, Tensor> torch) {
        if (!lathe.keySet().equals(torch.keySet())) {
            throw new AssertionError("Lathe's tensors " + lathe.keySet() + " are not PyTorch's " + torch.keySet());
        }
        ModelDifference worst = new ModelDifference(0, "nowhere");
        for (Map.Entry<String, Tensor> e : torch.entrySet()) {
            worst = worst.max(of(lathe.get(e.getKey()).toFloatArray(), e.getValue().toFloatArray(), e.getKey()));
        }
        return worst;
    }

    ModelDifference max(ModelDifference other) {
        return other.value > value ? other : this;
    }
}
