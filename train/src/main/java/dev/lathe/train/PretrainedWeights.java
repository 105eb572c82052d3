package dev.lathe.train;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.io.SafeTensors;
import dev.lathe.engine.io.SafeTensorsContent;
import dev.lathe.layers.Module;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Initialises a model from a safetensors checkpoint that need not cover it all, as fine-tuning does:
 * a Hugging Face BERT checkpoint has no classifier and may carry pre-training heads. Tensors match
 * by name — as they are, or with the model's first name segment (e.g. {@code bert.}) added or
 * removed, and with the old {@code LayerNorm.gamma/beta} names read as {@code weight/bias}.
 */
public final class PretrainedWeights {

    private PretrainedWeights() {
    }

    /** Copies every matching tensor into {@code model}; returns a one-line report. A matching name with another shape is an error. */
    public static String load(Module model, Path file) {
        try (SafeTensorsContent content = SafeTensors.read(file)) {
            Map<String, Tensor> available = new LinkedHashMap<>();
            content.tensors().forEach((name, t) -> available.put(modernName(name), t));
            Map<String, Tensor> mine = model.stateDict();
            Map<String, Tensor> matched = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            for (Map.Entry<String, Tensor> e : mine.entrySet()) {
                Tensor source = find(available, e.getKey());
                if (source == null) {
                    missing.add(e.getKey());
                    continue;
                }
                if (!Arrays.equals(source.shape(), e.getValue().shape())) {
                    throw new InvalidInputException(file + ": '" + e.getKey() + "' has shape [" + Shapes.format(source.shape())
                            + "] in the checkpoint but [" + Shapes.format(e.getValue().shape()) + "] in the model");
                }
                matched.put(e.getKey(), source);
            }
            if (matched.isEmpty()) {
                throw new InvalidInputException(file + ": no tensor name matches the model's (the model has e.g. '"
                        + mine.keySet().iterator().next() + "', the checkpoint '" + content.tensors().keySet().iterator().next() + "')");
            }
            model.loadStateDict(matched, false);
            return "initialised " + matched.size() + " of " + mine.size() + " tensors from " + file
                    + (missing.isEmpty() ? "" : "; kept their own initialisation: " + abbreviate(missing))
                    + "; " + (available.size() - matched.size()) + " checkpoint tensors unused";
        }
    }

    private static Tensor find(Map<String, Tensor> available, String name) {
        Tensor exact = available.get(name);
        if (exact != null) {
            return exact;
        }
        int dot = name.indexOf('.');
        if (dot > 0 && available.containsKey(name.substring(dot + 1))) {
            return available.get(name.substring(dot + 1));
        }
        for (String key : available.keySet()) {
            int keyDot = key.indexOf('.');
            if (keyDot > 0 && key.substring(keyDot + 1).equals(name)) {
                return available.get(key);
            }
        }
        return null;
    }

    private static String modernName(String name) {
        if (name.endsWith("LayerNorm.gamma")) {
            return name.substring(0, name.length() - "gamma".length()) + "weight";
        }
        if (name.endsWith("LayerNorm.beta")) {
            return name.substring(0, name.length() - "beta".length()) + "bias";
        }
        return name;
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 4 ? String.join(", ", names) : String.join(", ", names.subList(0, 4)) + " and " + (names.size() - 4) + " more";
    }
}
