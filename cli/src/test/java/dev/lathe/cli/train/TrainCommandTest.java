package dev.lathe.cli.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.engine.Generator;
import dev.lathe.train.data.NpyWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lathe train}, {@code eval} and {@code predict} end to end on small files: a run folder
 * with its artefacts, bad input answered with exit code 2 and one line naming the problem, a
 * diverging run stopped with its last checkpoints intact, and predict agreeing with eval.
 */
class TrainCommandTest {

    @TempDir
    Path dir;

    @BeforeEach
    void writeData() {
        // two noisy clusters in 4 dimensions, labels 0/1, and the same for testing
        writeClusters("train", 240, 1);
        writeClusters("test", 80, 2);
    }

    private void writeClusters(String name, int n, long seed) {
        Generator g = new Generator(seed);
        float[] x = new float[n * 4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int d = 0; d < 4; d++) {
                x[i * 4 + d] = (float) ((d < 2) == (y[i] == 1) ? 1 + 0.7 * g.nextGaussian() : 0.7 * g.nextGaussian());
            }
        }
        NpyWriter.write(dir.resolve(name + "-x.npy"), x, n, 4);
        NpyWriter.write(dir.resolve(name + "-y.npy"), y, n);
    }

    private Path spec(String layers, String extraTraining, String data) throws IOException {
        Path file = dir.resolve("spec.json");
        Files.writeString(file, "{\"name\": \"tiny\", \"seed\": 1, \"input\": {\"shape\": [4]}, \"layers\": [" + layers + "],"
                + " \"training\": {\"loss\": \"cross_entropy\", \"optimizer\": {\"type\": \"adam\", \"lr\": 0.01}, \"batch_size\": 16,"
                + " \"epochs\": 3" + extraTraining + ", \"data\": " + data + "}}");
        return file;
    }

    private Path npySpec() throws IOException {
        return spec("{\"type\": \"linear\", \"units\": 8, \"activation\": \"relu\"}, {\"type\": \"linear\", \"units\": 2}", "",
                "{\"dataset\": \"npy\", \"train\": \"train-x.npy\", \"train_labels\": \"train-y.npy\","
                        + " \"test\": \"test-x.npy\", \"test_labels\": \"test-y.npy\"}");
    }

    @Test
    void trainWritesTheRunFolderAndPredictAgreesWithEval() throws Exception {
        Path run = dir.resolve("run");
        CliRun train = CliRun.of("train", npySpec().toString(), "--out", run.toString(), "--json");
        assertEquals(0, train.code(), train.err());
        JsonNode result = new ObjectMapper().readTree(train.out());
        assertEquals(3, result.get("epochs").asInt());
        assertTrue(result.get("test_accuracy").asDouble() > 0.8, train.out());
        for (String file : new String[] {"spec.json", "metrics.jsonl", "plot.png", "checkpoints/last.safetensors",
            "checkpoints/best.safetensors", "checkpoints/resume.safetensors"}) {
            assertTrue(Files.size(run.resolve(file)) > 0, file);
        }
        assertEquals(3, Files.readAllLines(run.resolve("metrics.jsonl")).size());
        byte[] png = Files.readAllBytes(run.resolve("plot.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));

        String checkpoint = run.resolve("checkpoints/last.safetensors").toString();
        CliRun eval = CliRun.of("eval", npySpec().toString(), "--checkpoint", checkpoint, "--json");
        assertEquals(0, eval.code(), eval.err());
        double evalAccuracy = new ObjectMapper().readTree(eval.out()).get("accuracy").asDouble();
        assertEquals(result.get("test_accuracy").asDouble(), evalAccuracy, 1e-12, "eval of the last checkpoint = the run's test result");

        CliRun predict = CliRun.of("predict", npySpec().toString(), "--checkpoint", checkpoint);
        assertEquals(0, predict.code(), predict.err());
        assertEquals(80, predict.out().strip().lines().count());
        Matcher m = Pattern.compile("accuracy ([0-9.]+) on 80 test samples").matcher(predict.err());
        assertTrue(m.find(), predict.err());
        assertEquals(evalAccuracy, Double.parseDouble(m.group(1)), 1e-4);
        long correct = 0;
        int i = 0;
        int[] truth = new int[80];
        for (int k = 0; k < 80; k++) {
            truth[k] = k % 2;
        }
        for (String line : predict.out().strip().split("\n")) {
            String[] fields = line.split("\t");
            assertEquals(Integer.toString(i), fields[0]);
            correct += Integer.parseInt(fields[1]) == truth[i] ? 1 : 0;
            double probability = Double.parseDouble(fields[2]);
            assertTrue(probability >= 0.5 && probability <= 1, line);
            i++;
        }
        assertEquals(evalAccuracy, correct / 80.0, 1e-12, "predict's classes give eval's accuracy");

        Path outputs = dir.resolve("p.npy");
        CliRun toFile = CliRun.of("predict", npySpec().toString(), "--checkpoint", checkpoint, "--input", dir.resolve("test-x.npy").toString(),
                "--output", outputs.toString());
        assertEquals(0, toFile.code(), toFile.err());
        assertTrue(Files.size(outputs) == 128 + 80 * 2 * 4 || Files.size(outputs) > 80 * 2 * 4, "an [80, 2] float32 array");
    }

    @Test
    void aGpuThatIsNotThereFailsWithOneLineBeforeAnythingRuns() throws Exception {
        Path run = dir.resolve("run");
        // no machine here has eight GPUs: without a driver the line names libcuda.so.1, with one the index
        CliRun r = CliRun.of("train", npySpec().toString(), "--out", run.toString(), "--device", "cuda:7");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("lathe train: error: cuda:7 is not available: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(Files.exists(run), "no run folder for a run that never started");
    }

    @Test
    void deviceCudaWithoutAUsableGpuSaysWhatIsMissing() throws Exception {
        String reason = CudaAbsence.reason();
        CliRun r = CliRun.of("train", npySpec().toString(), "--out", dir.resolve("run").toString(), "--device", "cuda");
        assertEquals(1, r.code(), r.err());
        assertEquals("lathe train: error: " + reason + " (--verbose shows the stack trace)", r.err().strip());
        assertTrue(reason.startsWith("cuda:0 is not available: "), reason);
    }

    @Test
    void aDivergingRunStopsAtThatStepAndKeepsTheLastCheckpoint() throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, CliRun.of("train", npySpec().toString(), "--out", run.toString(), "--epochs", "1").code());
        byte[] last = Files.readAllBytes(run.resolve("checkpoints/last.safetensors"));
        byte[] resume = Files.readAllBytes(run.resolve("checkpoints/resume.safetensors"));

        CliRun diverged = CliRun.of("train", npySpec().toString(), "--resume", run.toString(), "--lr", "1e30", "--epochs", "2");
        assertEquals(1, diverged.code(), diverged.err());
        assertTrue(diverged.err().contains("the loss became") && diverged.err().contains("at epoch 2, step ")
                && diverged.err().contains("the checkpoints of epoch 1"), diverged.err());
        assertEquals(1, diverged.err().strip().lines().count(), diverged.err());
        assertArrayEquals(last, Files.readAllBytes(run.resolve("checkpoints/last.safetensors")));
        assertArrayEquals(resume, Files.readAllBytes(run.resolve("checkpoints/resume.safetensors")));
        assertEquals(1, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    }

    private void assertBadInput(Path specFile, String expected) {
        CliRun r = CliRun.of("train", specFile.toString(), "--out", dir.resolve("bad-run").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(expected), "expected «" + expected + "» in «" + r.err().strip() + "»");
        assertFalse(r.err().contains("\tat "), r.err());
    }

    private Path npySpec(String train, String trainLabels) throws IOException {
        return spec("{\"type\": \"linear\", \"units\": 2}", "",
                "{\"dataset\": \"npy\", \"train\": \"" + train + "\", \"train_labels\": \"" + trainLabels + "\"}");
    }

    private Path textSpec(String data) throws IOException {
        Path file = dir.resolve("text.json");
        Files.writeString(file, "{\"name\": \"text\", \"input\": {\"shape\": [8], \"dtype\": \"int32\"}, \"layers\": ["
                + "{\"type\": \"embedding\", \"num_embeddings\": 50, \"embedding_dim\": 4, \"padding_idx\": 0},"
                + "{\"type\": \"global_avg_pool1d\"}, {\"type\": \"linear\", \"units\": 2}],"
                + " \"training\": {\"loss\": \"cross_entropy\", \"optimizer\": {\"type\": \"adam\", \"lr\": 0.01}, \"batch_size\": 4,"
                + " \"epochs\": 1, \"data\": " + data + "}}");
        return file;
    }

    @Test
    void malformedJson() throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"name\": \"x\",, }");
        assertBadInput(file, "broken.json: $: malformed JSON at line 1");
    }

    @Test
    void unknownDataset() throws IOException {
        assertBadInput(spec("{\"type\": \"linear\", \"units\": 2}", "", "{\"dataset\": \"imagenet\"}"),
                "unknown dataset 'imagenet': use a recipe (");
    }

    @Test
    void missingFile() throws IOException {
        assertBadInput(npySpec("nowhere.npy", "train-y.npy"), "nowhere.npy: no such file");
    }

    @Test
    void truncatedNpy() throws IOException {
        byte[] whole = Files.readAllBytes(dir.resolve("train-x.npy"));
        Files.write(dir.resolve("cut.npy"), java.util.Arrays.copyOf(whole, whole.length - 10));
        assertBadInput(npySpec("cut.npy", "train-y.npy"), "cut.npy: truncated");
    }

    @Test
    void truncatedIdx() throws IOException {
        // an IDX header for 5 images of 2×2 unsigned bytes, with only 7 of the 20 data bytes
        byte[] bytes = {0, 0, 0x08, 3, 0, 0, 0, 5, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6, 7};
        Files.write(dir.resolve("images.idx"), bytes);
        Files.write(dir.resolve("labels.idx"), new byte[] {0, 0, 0x08, 1, 0, 0, 0, 5, 0, 1, 0, 1, 0});
        Path file = spec("{\"type\": \"flatten\"}, {\"type\": \"linear\", \"units\": 2}", "",
                "{\"dataset\": \"idx\", \"train\": \"images.idx\", \"train_labels\": \"labels.idx\"}");
        Files.writeString(file, Files.readString(file).replace("\"shape\": [4]", "\"shape\": [1, 2, 2]"));
        assertBadInput(file, "images.idx: truncated");
    }

    @Test
    void labelOutOfRangeForTheModel() throws IOException {
        int[] labels = new int[240];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 5;
        }
        NpyWriter.write(dir.resolve("five.npy"), labels, 240);
        assertBadInput(npySpec("train-x.npy", "five.npy"), "the model puts out [2] per sample, but the data has 5 classes");
    }

    @Test
    void testLabelUnknownToTraining() throws IOException {
        Files.writeString(dir.resolve("train.tsv"), "pos\tgood film\nneg\tbad film\n");
        Files.writeString(dir.resolve("test.tsv"), "pos\tgood\nneutral\tfilm\n");
        assertBadInput(textSpec("{\"dataset\": \"tsv\", \"train\": \"train.tsv\", \"test\": \"test.tsv\", \"vocab_size\": 50}"),
                "test.tsv: line 2: label 'neutral' is not one of the 2");
    }

    @Test
    void emptyDataset() throws IOException {
        Files.writeString(dir.resolve("empty.tsv"), "");
        assertBadInput(textSpec("{\"dataset\": \"tsv\", \"train\": \"empty.tsv\", \"vocab_size\": 50}"), "empty.tsv: the dataset is empty");
    }

    @Test
    void invalidUtf8Text() throws IOException {
        byte[] good = "pos\tgood film\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'n', 'e', 'g', '\t', 'b', (byte) 0xff, 'd', '\n'};
        byte[] all = new byte[good.length + bad.length];
        System.arraycopy(good, 0, all, 0, good.length);
        System.arraycopy(bad, 0, all, good.length, bad.length);
        Files.write(dir.resolve("latin.tsv"), all);
        assertBadInput(textSpec("{\"dataset\": \"tsv\", \"train\": \"latin.tsv\", \"vocab_size\": 50}"), "latin.tsv: line 2: invalid UTF-8");
    }

    @Test
    void vocabWithDuplicates() throws IOException {
        Files.writeString(dir.resolve("train.tsv"), "pos\tgood film\nneg\tbad film\n");
        Files.writeString(dir.resolve("vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\ngood\nfilm\ngood\n");
        assertBadInput(textSpec("{\"dataset\": \"tsv\", \"train\": \"train.tsv\", \"tokenizer\": \"wordpiece\", \"vocab\": \"vocab.txt\"}"),
                "vocab.txt: token 'good' appears on line 5 and again on line 7");
    }
}
