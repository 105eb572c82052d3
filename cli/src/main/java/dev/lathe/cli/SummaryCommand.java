package dev.lathe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lathe.layers.spec.Model;
import dev.lathe.layers.spec.ModelBuilder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lathe summary SPEC}: builds the model a spec describes and prints its layers, output shapes and parameter counts. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Build the model of a spec file and print each layer's output shape and parameter count, then the totals.")
final class SummaryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SPEC", description = "The model spec (JSON), e.g. examples/cnn-fashion.json.")
    Path specFile;

    @Option(names = "--json", description = "Print the summary as one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (Model model = ModelBuilder.build(specFile)) {
            var out = spec.commandLine().getOut();
            if (json) {
                ObjectMapper mapper = new ObjectMapper()
                        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                        .disable(SerializationFeature.INDENT_OUTPUT);
                out.println(mapper.writeValueAsString(model.summary()));
            } else {
                out.print(model.summary().toTable());
            }
            out.flush();
        }
        return 0;
    }
}
