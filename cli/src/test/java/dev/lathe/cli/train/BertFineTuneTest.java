package dev.lathe.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.io.SafeTensors;
import dev.lathe.layers.Checkpoint;
import dev.lathe.layers.bert.Bert;
import dev.lathe.layers.bert.BertConfig;
import dev.lathe.layers.bert.BertPooling;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bert-base workflow on a small checkpoint with Hugging Face's tensor names (a "bert." prefix,
 * the old LayerNorm gamma/beta names, a pooler and pre-training heads the classifier does not use),
 * a vocab.txt and a user's TSV: fine-tune from it with --init-from, then predict new text.
 */
class BertFineTuneTest {

    private static final String VOCAB = String.join("\n", "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
            "好", "坏", "天", "气", "人", "心", "很", "不", "今", "的", "是", "真", "！") + "\n";

    @TempDir
    Path dir;

    @Test
    void fineTunesFromAHuggingFaceStyleCheckpointAndPredicts() throws Exception {
        Files.writeString(dir.resolve("vocab.txt"), VOCAB);
        StringBuilder tsv = new StringBuilder();
        // the word that decides the class stands at many positions, so the model must find it, not a position
        for (String template : new String[] {"%s", "很%s", "天气%s", "今天天气很%s！", "人心%s", "%s人", "真%s的", "今天%s", "%s天气", "心很%s"}) {
            tsv.append("good\t").append(String.format(template, "好")).append('\n');
            tsv.append("bad\t").append(String.format(template, "坏")).append('\n');
        }
        Files.writeString(dir.resolve("train.tsv"), tsv.toString());
        Files.writeString(dir.resolve("test.tsv"), "good\t是好的\nbad\t是坏的\n");

        BertConfig config = new BertConfig(18, 8, 1, 2, 16, "gelu", 0.1, 0.1, 16, 2, 0.02, 1e-12, 0);
        Path checkpoint = dir.resolve("model.safetensors");
        try (Bert pretrained = new Bert(config, BertPooling.POOLER, new Generator(3))) {
            Map<String, Tensor> hf = new LinkedHashMap<>();
            pretrained.stateDict().forEach((name, t) -> hf.put("bert." + name.replace("LayerNorm.weight", "LayerNorm.gamma")
                    .replace("LayerNorm.bias", "LayerNorm.beta"), t));
            try (Tensor head = Tensors.zeros(18)) {
                hf.put("cls.predictions.bias", head);
                SafeTensors.write(checkpoint, hf, Map.of("format", "pt"));
            }
        }

        Path spec = dir.resolve("bert-small.json");
        Files.writeString(spec, """
                {"name": "bert-small", "input": {"shape": [12], "dtype": "int32"},
                 "layers": [
                   {"type": "bert", "name": "bert", "pooling": "cls", "config": {
                     "vocab_size": 18, "hidden_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2,
                     "intermediate_size": 16, "max_position_embeddings": 16,
                     "hidden_dropout_prob": 0, "attention_probs_dropout_prob": 0}},
                   {"type": "dropout", "p": 0.1},
                   {"type": "linear", "name": "classifier", "units": 2}],
                 "training": {"loss": "cross_entropy", "optimizer": {"type": "adam", "lr": 0.01}, "batch_size": 4, "epochs": 40,
                   "init_from": "model.safetensors",
                   "data": {"dataset": "tsv", "train": "train.tsv", "test": "test.tsv", "tokenizer": "wordpiece", "vocab": "vocab.txt"}}}
                """);
        Path run = dir.resolve("run");
        CliRun train = CliRun.of("train", spec.toString(), "--out", run.toString());
        assertEquals(0, train.code(), train.err() + train.out());
        // the 21 BERT tensors come from the checkpoint (not its pooler nor its MLM bias); the classifier keeps its own
        assertTrue(train.out().contains("initialised 21 of 23 tensors from " + spec.getParent().resolve("model.safetensors")
                + "; kept their own initialisation: classifier.weight, classifier.bias; 3 checkpoint tensors unused"), train.out());
        assertTrue(train.out().contains("test_accuracy 1.0000"), train.out());

        Path last = run.resolve("checkpoints/last.safetensors");
        assertTrue(Checkpoint.metadata(last).get("lathe.spec").contains("bert-small"));
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("今天很好\n今天很坏\n".getBytes(StandardCharsets.UTF_8)));
            CliRun predict = CliRun.of("predict", spec.toString(), "--checkpoint", last.toString(), "--input", "-");
            assertEquals(0, predict.code(), predict.err());
            String[] lines = predict.out().strip().split("\n");
            assertEquals(2, lines.length, predict.out());
            assertTrue(lines[0].startsWith("0\tgood\t") && lines[1].startsWith("1\tbad\t"), predict.out());
        } finally {
            System.setIn(stdin);
        }
    }
}
