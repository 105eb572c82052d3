package dev.lathe.layers.spec;

import dev.lathe.engine.Shapes;

/**
 * Value checks that the JSON types cannot express (sizes positive, probabilities in range), each
 * failing with a {@link SpecException} that names the JSON path.
 */
final class SpecChecks {

    private final String source;

    SpecChecks(String source) {
        this.source = source;
    }

    SpecException error(String path, String reason) {
        return new SpecException(source, path, reason);
    }

    /** Checks the parts of a spec outside the layer list. */
    void validate(ModelSpec spec) {
        if (spec.name().isBlank()) {
            throw error("$.name", "must not be empty");
        }
        int[] shape = spec.input().shape();
        if (shape.length == 0) {
            throw error("$.input.shape", "must name at least one dimension");
        }
        for (int d = 0; d < shape.length; d++) {
            positive("$.input.shape[" + d + "]", shape[d]);
        }
        if (spec.layers().isEmpty()) {
            throw error("$.layers", "must hold at least one layer");
        }
        if (spec.training() != null) {
            validate(spec.training());
        }
    }

    private void validate(TrainingSpec t) {
        positive("$.training.batch_size", t.batchSize());
        positive("$.training.epochs", t.epochs());
        positiveNumber("$.training.optimizer.lr", t.optimizer().lr());
        fraction("$.training.validation_split", t.validationSplit());
        nonNegative("$.training.l1", t.l1());
        nonNegative("$.training.l2", t.l2());
        positiveNumber("$.training.clip_grad_norm", t.clipGradNorm());
        positiveNumber("$.training.clip_grad_value", t.clipGradValue());
        OptimizerSpec o = t.optimizer();
        nonNegative("$.training.optimizer.momentum", o.momentum());
        nonNegative("$.training.optimizer.weight_decay", o.weightDecay());
        positiveNumber("$.training.optimizer.eps", o.eps());
        if (o.betas() != null) {
            if (o.betas().length != 2) {
                throw error("$.training.optimizer.betas", "must be [beta1, beta2], got " + o.betas().length + " numbers");
            }
            fraction("$.training.optimizer.betas[0]", o.betas()[0]);
            fraction("$.training.optimizer.betas[1]", o.betas()[1]);
        }
        if (t.loss().labelSmoothing() != null) {
            fraction("$.training.loss.label_smoothing", t.loss().labelSmoothing());
        }
        if (t.schedule() != null) {
            ScheduleSpec s = t.schedule();
            positive("$.training.schedule.step_size", s.stepSize());
            positiveNumber("$.training.schedule.gamma", s.gamma());
            nonNegative("$.training.schedule.warmup_steps", s.warmupSteps() == null ? null : s.warmupSteps().doubleValue());
            fraction("$.training.schedule.warmup_fraction", s.warmupFraction());
            nonNegative("$.training.schedule.min_lr", s.minLr());
        }
        if (t.earlyStopping() != null && t.earlyStopping().patience() != null) {
            positive("$.training.early_stopping.patience", t.earlyStopping().patience());
        }
        if (t.data() != null) {
            DataSpec d = t.data();
            positive("$.training.data.samples", d.samples());
            positive("$.training.data.vocab_size", d.vocabSize());
            positive("$.training.data.max_length", d.maxLength());
            positive("$.training.data.top_classes", d.topClasses());
            positive("$.training.data.per_class", d.perClass());
            fraction("$.training.data.test_fraction", d.testFraction());
            positiveNumber("$.training.data.scale", d.scale());
        }
    }

    /** A size that must be at least 1 (null: left out, fine). */
    int positive(String path, Integer value) {
        if (value != null && value < 1) {
            throw error(path, "must be a positive integer, got " + value);
        }
        return value == null ? 0 : value;
    }

    void positiveNumber(String path, Double value) {
        if (value != null && !(value > 0 && Double.isFinite(value))) {
            throw error(path, "must be a positive number, got " + value);
        }
    }

    void nonNegative(String path, Double value) {
        if (value != null && !(value >= 0 && Double.isFinite(value))) {
            throw error(path, "must be a number >= 0, got " + value);
        }
    }

    /** A probability or share: in [0, 1). */
    void fraction(String path, Double value) {
        if (value != null && !(value >= 0 && value < 1)) {
            throw error(path, "must lie in [0, 1), got " + value);
        }
    }

    void positive(String path, Size2 size) {
        if (size != null && (size.height() < 1 || size.width() < 1)) {
            throw error(path, "sizes must be positive integers, got " + size);
        }
    }

    void nonNegative(String path, Size2 size) {
        if (size != null && (size.height() < 0 || size.width() < 0)) {
            throw error(path, "sizes must be integers >= 0, got " + size);
        }
    }

    static String shape(int[] shape) {
        return "[" + Shapes.format(shape) + "]";
    }
}
