package dev.lathe.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of evaluating a model on a dataset: the mean loss and, for classification, accuracy,
 * macro precision/recall/F1 and the confusion matrix (null for regression).
 */
public record Evaluation(long samples, double loss, ClassificationMetrics classification) {

    public double accuracy() {
        return classification == null ? Double.NaN : classification.accuracy();
    }

    /** Scalar metrics by name, with a prefix such as "val_" ("" for none), for metrics.jsonl and --json. */
    public Map<String, Object> toMap(String prefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(prefix + "loss", loss);
        if (classification != null) {
            out.put(prefix + "accuracy", classification.accuracy());
            out.put(prefix + "precision", classification.macroPrecision());
            out.put(prefix + "recall", classification.macroRecall());
            out.put(prefix + "f1", classification.macroF1());
        }
        return out;
    }
}
