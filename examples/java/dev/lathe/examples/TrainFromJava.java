package dev.lathe.examples;

import dev.lathe.layers.Checkpoint;
import dev.lathe.layers.spec.Model;
import dev.lathe.layers.spec.ModelBuilder;
import dev.lathe.train.DataSources;
import dev.lathe.train.Evaluation;
import dev.lathe.train.Trainer;
import dev.lathe.train.TrainingListener;
import dev.lathe.train.TrainingSettings;
import java.nio.file.Path;
import java.util.Map;

/**
 * Training from Java instead of the command line: build a spec's model, load its data, fit,
 * evaluate and save the weights. Run with a spec (default examples/mlp-tiny.json) and an output file.
 */
public final class TrainFromJava {

    private TrainFromJava() {
    }

    public static void main(String[] args) {
        Path spec = Path.of(args.length > 0 ? args[0] : "examples/mlp-tiny.json");
        Path weights = Path.of(args.length > 1 ? args[1] : "model.safetensors");
        try (Model model = ModelBuilder.build(spec)) {
            DataSources.Loaded data = DataSources.forModel(model, spec.toAbsolutePath().getParent(), false);
            TrainingSettings settings = TrainingSettings.from(model.spec().training(), model.spec().seedOrDefault());
            try (Trainer trainer = new Trainer(model, settings, data.train().classCount())) {
                trainer.fit(data.train(), null, null, new TrainingListener() {
                    @Override
                    public void epochDone(int epoch, Map<String, Object> metrics) {
                        System.out.printf("epoch %d loss %.4f%n", epoch, (Double) metrics.get("loss"));
                    }
                });
                Evaluation test = trainer.evaluate(data.test());
                System.out.printf("test loss %.4f%n", test.loss());
            }
            Checkpoint.save(model.network(), weights);
        }
    }
}
