/**
 * Attention as PyTorch computes it: {@link dev.lathe.layers.attention.Attention#scaledDotProduct scaled
 * dot-product attention} with a key padding mask, {@link dev.lathe.layers.attention.MultiheadAttention}
 * and {@link dev.lathe.layers.attention.TransformerEncoderLayer} with torch.nn's parameter names.
 */
package dev.lathe.layers.attention;
