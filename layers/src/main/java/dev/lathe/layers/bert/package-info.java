/**
 * BERT as Hugging Face's BertModel: {@link dev.lathe.layers.bert.BertConfig} (config.json's fields) and
 * the {@link dev.lathe.layers.bert.Bert} layer, whose state dict uses Hugging Face's names so that
 * pretrained checkpoints load as they are.
 */
package dev.lathe.layers.bert;
