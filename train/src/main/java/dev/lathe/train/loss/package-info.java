/**
 * Training losses with PyTorch's definitions and mean reduction ({@link dev.lathe.train.loss.Objectives}
 * builds them from a training spec), and the L1/L2 weight penalty.
 */
package dev.lathe.train.loss;
