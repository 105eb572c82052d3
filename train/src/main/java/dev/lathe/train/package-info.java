/**
 * Training on top of the layers (filled by issue #4; empty for now).
 *
 * <p>What will live here: losses (wrapping the engine's functional composites), optimizers (SGD
 * with momentum, Adam, AdamW), learning-rate schedules (step, exponential, cosine, warm-up),
 * gradient clipping, L1/L2 regularisation, metrics, datasets and data loaders (IDX, CSV, NPY,
 * TSV/JSONL text), tokenizers and the dataset recipes for the public sets in MODELS.md, and the
 * {@code Trainer} with its callbacks (checkpointing, early stopping, logging) and progress
 * rendering. Each training step runs inside a {@code MemoryScope}, so its intermediates are freed
 * when the step ends.
 */
package dev.lathe.train;
