package dev.lathe.cli;

import dev.lathe.cli.bench.BenchCommand;
import dev.lathe.cli.train.EvalCommand;
import dev.lathe.cli.train.PredictCommand;
import dev.lathe.cli.train.TrainCommand;
import dev.lathe.engine.InvalidInputException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code lathe} command. Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input. Errors are
 * printed as one line; {@code --verbose} adds the stack trace.
 */
@Command(name = "lathe",
        mixinStandardHelpOptions = true,
        versionProvider = Lathe.Version.class,
        description = "Deep-learning training in Java on CPUs and NVIDIA GPUs.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, SummaryCommand.class, DataCommand.class, DevicesCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:runtime failure", "2:bad usage or bad input (a malformed spec or file)"})
public final class Lathe implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error instead of one line.")
    boolean verbose;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code, never throwing. */
    public static int run(String... args) {
        CommandLine commandLine = commandLine();
        try {
            return commandLine.execute(args);
        } catch (Throwable t) { // errors the handlers do not see (e.g. a native library failing to load)
            report(commandLine.getErr(), "lathe", t, Arrays.asList(args).contains("--verbose"));
            return 1;
        }
    }

    /** The configured command line: one-line errors, the exit codes above. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Lathe());
        commandLine.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            String name = cmd.getCommandSpec().qualifiedName();
            cmd.getErr().println(name + ": " + oneLine(ex) + " (see '" + name + " --help')");
            cmd.getErr().flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            report(cmd.getErr(), cmd.getCommandSpec().qualifiedName(), ex, verbose(parseResult));
            return ex instanceof InvalidInputException
                    ? cmd.getCommandSpec().exitCodeOnInvalidInput()
                    : cmd.getCommandSpec().exitCodeOnExecutionException();
        });
        return commandLine;
    }

    private static void report(PrintWriter err, String name, Throwable t, boolean verbose) {
        if (verbose) {
            t.printStackTrace(err);
        } else {
            err.println(name + ": error: " + oneLine(t) + " (--verbose shows the stack trace)");
        }
        err.flush();
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            message = t.getClass().getSimpleName();
        } else if (!(t instanceof ParameterException) && !(t instanceof IllegalArgumentException)
                && !(t instanceof IllegalStateException)) {
            message = t.getClass().getSimpleName() + ": " + message;
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static boolean verbose(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** The version from the jar manifest, and the Java runtime. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Lathe.class.getPackage().getImplementationVersion();
            return new String[] {
                "lathe " + (version == null ? "(development build)" : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
