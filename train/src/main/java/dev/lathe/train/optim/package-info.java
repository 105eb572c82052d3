/**
 * Optimizers (SGD, Adam, AdamW, RMSprop) with torch.optim's update rules and defaults, learning-rate
 * schedules as functions of the step count, and gradient clipping. {@link dev.lathe.train.optim.Optimizers}
 * and {@link dev.lathe.train.optim.LearningRateSchedules} build them from a training spec.
 */
package dev.lathe.train.optim;
