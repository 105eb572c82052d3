package dev.lathe.cli;

import dev.lathe.train.recipes.DatasetRecipe;
import dev.lathe.train.recipes.DatasetRecipes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lathe data list|prepare NAME}: the dataset recipes, whether their files are present, and installing them. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "The public datasets Lathe has recipes for (from Debian packages).",
        subcommands = {DataCommand.ListCommand.class, DataCommand.PrepareCommand.class})
final class DataCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: choose list or prepare");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the dataset recipes and whether their files are installed.")
    static final class ListCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (DatasetRecipe recipe : DatasetRecipes.all()) {
                String status = recipe.available() ? "ready" : "missing: " + recipe.installCommand();
                out.printf("%-22s %s%n%-22s %s%n", recipe.name(), recipe.description(), "", status);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "prepare", mixinStandardHelpOptions = true,
            description = "Check that a dataset's files are present; with --install, install them (apt-get, as root) when they are not.")
    static final class PrepareCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "A dataset recipe (see 'lathe data list').")
        String name;

        @Option(names = "--install", description = "Run the install command when files are missing.")
        boolean install;

        @Override
        public Integer call() {
            DatasetRecipe recipe = DatasetRecipes.get(name);
            PrintWriter out = spec.commandLine().getOut();
            if (!recipe.available() && install) {
                out.println("installing " + recipe.name() + ": " + recipe.installCommand());
                out.flush();
                recipe.install();
            }
            recipe.requireAvailable();
            out.println(recipe.name() + ": ready (" + recipe.requiredFiles().size() + " files)");
            out.flush();
            return 0;
        }
    }
}
