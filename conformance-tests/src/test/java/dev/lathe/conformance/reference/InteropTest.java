package dev.lathe.conformance.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.io.SafeTensors;
import dev.lathe.engine.io.SafeTensorsContent;
import dev.lathe.layers.Checkpoint;
import dev.lathe.layers.spec.InputSpec;
import dev.lathe.layers.spec.Model;
import dev.lathe.train.PretrainedWeights;
import dev.lathe.train.data.text.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checkpoints cross between Lathe and PyTorch both ways: a seeded Lathe model saved with
 * Checkpoint loads into reference/torch_models.py with load_state_dict(strict=True) and predicts
 * what Lathe predicts; a PyTorch state_dict (a models fixture's initial weights) loads through
 * --init-from's PretrainedWeights and predicts what PyTorch predicted.
 */
class InteropTest {

    /** Eval-mode outputs after one forward pass in F32: only summation order differs (measured: docs/pytorch-agreement.md). */
    private static final double OUTPUT_TOLERANCE = 1e-5;
    private static final int SAMPLES = 4;
    private static final long SEED = 7;
    /** Token ids are drawn below the smallest vocabulary of the examples. */
    private static final int TOKEN_BOUND = 1000;

    @TempDir
    Path folder;

    @ParameterizedTest
    @ValueSource(strings = {"mlp-tiny", "mlp-fashion", "cnn-fashion", "cnn-binary", "text-gap", "lstm", "bert-tiny", "bert-base"})
    void pytorchLoadsLatheCheckpointsAndPredictsTheSame(String name) throws IOException {
        TorchScript.requireTorch();
        long started = System.nanoTime();
        try (Model model = ExampleSpecs.build(name, Files.readString(ExampleSpecs.path(name)));
             Tensor inputs = seededInputs(model.spec().input());
             Tensor labels = Tensors.zeros(targetShape(model))) {
            Path checkpoint = folder.resolve("checkpoint.safetensors");
            Path input = folder.resolve("input.safetensors");
            Path output = folder.resolve("output.safetensors");
            Checkpoint.save(model.network(), checkpoint);
            SafeTensors.write(input, Map.of("inputs", inputs), Map.of());
            TorchScript.runScript("interop.py", List.of(name, checkpoint.toString(), input.toString(), output.toString()));
            float[] lathe = ExampleSpecs.predict(model, ExampleSpecs.dataset(model, inputs, labels));
            try (SafeTensorsContent torch = SafeTensors.read(output)) {
                report(name, "Lathe → PyTorch", ModelDifference.of(lathe, torch.tensors().get("outputs").toFloatArray(), "outputs"));
            }
            System.out.printf("interop %s: building, saving, PyTorch's run and Lathe's predictions took %.1f s%n", name, (System.nanoTime() - started) / 1e9);
        }
    }

    @ParameterizedTest
    @MethodSource("fixtureModels")
    void latheInitialisesFromPyTorchStateDictsAndPredictsTheSame(String name) {
        try (ModelFixture fixture = ModelFixture.read(name); Model model = fixture.build("adam")) {
            String loaded = PretrainedWeights.load(model.network(), ModelFixture.file(name));
            int tensors = model.network().stateDict().size();
            assertTrue(loaded.startsWith("initialised " + tensors + " of " + tensors + " tensors"), loaded);
            float[] lathe = ExampleSpecs.predict(model, fixture.firstBatch(model));
            report(name, "PyTorch → Lathe", ModelDifference.of(lathe, fixture.torchOutputs(), "outputs"));
        }
    }

    static List<String> fixtureModels() {
        return ModelFixture.MODELS;
    }

    private static void report(String name, String direction, ModelDifference difference) {
        System.out.printf("interop %s %s: max |output difference| %.3g%n", name, direction, difference.value());
        assertTrue(difference.value() <= OUTPUT_TOLERANCE, name + " " + direction + ": outputs differ by " + difference.value());
    }

    /** SAMPLES seeded inputs of the spec's kind: pixels k/255, right-padded token ids (lengths ≥ 1), or normal values. */
    private static Tensor seededInputs(InputSpec spec) {
        SplittableRandom random = new SplittableRandom(SEED);
        int[] shape = new int[spec.shape().length + 1];
        shape[0] = SAMPLES;
        System.arraycopy(spec.shape(), 0, shape, 1, spec.shape().length);
        int per = Arrays.stream(spec.shape()).reduce(1, (a, b) -> a * b);
        if (spec.dtypeOrDefault() == InputSpec.ValueType.INT32) {
            int[] ids = new int[SAMPLES * per];
            for (int s = 0; s < SAMPLES; s++) {
                int length = 1 + random.nextInt(per);
                for (int t = 0; t < per; t++) {
                    ids[s * per + t] = t < length ? 1 + random.nextInt(TOKEN_BOUND - 1) : Tokenizer.PAD_ID;
                }
            }
            return Tensors.of(ids, shape);
        }
        float[] values = new float[SAMPLES * per];
        boolean pixels = spec.shape().length == 3;
        for (int i = 0; i < values.length; i++) {
            values[i] = pixels ? random.nextInt(256) / 255f : (float) random.nextGaussian();
        }
        return Tensors.of(values, shape);
    }

    /** Zero labels, only there because predict reads a dataset: [SAMPLES, 1] targets for regression, else [SAMPLES] classes. */
    private static int[] targetShape(Model model) {
        return ExampleSpecs.classCount(model) == 0 ? new int[] {SAMPLES, 1} : new int[] {SAMPLES};
    }
}
