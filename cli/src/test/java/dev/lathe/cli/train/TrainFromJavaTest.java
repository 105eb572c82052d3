package dev.lathe.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.examples.TrainFromJava;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library example of the README (examples/java) runs: mlp-tiny's loss falls and the weights are saved. */
class TrainFromJavaTest {

    @TempDir
    Path dir;

    @Test
    void exampleTrainsMlpTiny() throws Exception {
        Path weights = dir.resolve("mlp-tiny.safetensors");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            TrainFromJava.main(new String[] {"../examples/mlp-tiny.json", weights.toString()});
        } finally {
            System.setOut(original);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(21, lines.size(), String.join("\n", lines));
        double first = Double.parseDouble(lines.get(0).split(" ")[3]);
        double last = Double.parseDouble(lines.get(19).split(" ")[3]);
        assertTrue(last < first / 2, "loss " + first + " → " + last);
        assertTrue(lines.get(20).startsWith("test loss "));
        assertTrue(Files.size(weights) > 13 * 4);
    }
}
