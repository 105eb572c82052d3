package dev.lathe.train.optim;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.DType;
import dev.lathe.layers.spec.ModelSpec;
import dev.lathe.layers.spec.SpecReader;
import dev.lathe.layers.spec.TrainingSpec;
import dev.lathe.train.loss.Objectives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The training settings of every example under examples/ build an optimizer, a schedule and a loss. */
class ExampleTrainingSpecsTest {

    @Test
    void everyExampleBuilds() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
            examples = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(examples.size() >= 8, "examples: " + examples);
        for (Path example : examples) {
            ModelSpec spec = SpecReader.read(example);
            TrainingSpec training = spec.training();
            assertNotNull(training, example + " has no training settings");
            try (QuadraticProblem model = new QuadraticProblem(DType.F32);
                 Optimizer optimizer = Optimizers.create(training.optimizer(), model.namedParameters())) {
                LearningRateSchedule schedule = LearningRateSchedules.create(training.schedule(), optimizer.learningRate(), 10, 100);
                double first = schedule.at(0);
                assertTrue(first >= 0 && first <= training.optimizer().lr(), example + ": first learning rate " + first);
                assertNotNull(Objectives.create(training.loss(), true, 10), example.toString());
            }
        }
    }
}
