package dev.lathe.layers.attention;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.functional.Activations;
import dev.lathe.engine.ops.Elementwise;
import java.util.Arrays;
import java.util.List;

/** The activation between a transformer's two feed-forward Linears, by the names PyTorch and Hugging Face use. */
public enum FeedForwardActivation {
    RELU("relu"),
    /** Exact GELU, x Φ(x) (torch "gelu", Hugging Face "gelu"). */
    GELU("gelu"),
    /** GELU's tanh approximation (Hugging Face "gelu_new", also called "gelu_pytorch_tanh"). */
    GELU_TANH("gelu_new", "gelu_pytorch_tanh");

    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private final List<String> names;

    FeedForwardActivation(String... names) {
        this.names = List.of(names);
    }

    /** The canonical name, as written in a config. */
    public String configName() {
        return names.get(0);
    }

    public static FeedForwardActivation named(String name) {
        for (FeedForwardActivation a : values()) {
            if (name != null && a.names.contains(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown transformer activation '" + name + "'; known: "
                + Arrays.stream(values()).flatMap(a -> a.names.stream()).toList());
    }

    public Tensor apply(Tensor x) {
        return switch (this) {
            case RELU -> Activations.relu(x);
            case GELU -> Activations.gelu(x);
            case GELU_TANH -> geluTanh(x);
        };
    }

    /** 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))). */
    private static Tensor geluTanh(Tensor x) {
        Tensor cube = Elementwise.mul(x, Elementwise.mul(x, x));
        Tensor inner = Elementwise.mul(Elementwise.add(x, Elementwise.mul(cube, Tensors.scalarLike(x, 0.044715))),
                Tensors.scalarLike(x, SQRT_2_OVER_PI));
        Tensor gate = Elementwise.add(Tensors.scalarLike(x, 1), Elementwise.tanh(inner));
        return Elementwise.mul(Elementwise.mul(x, gate), Tensors.scalarLike(x, 0.5));
    }
}
