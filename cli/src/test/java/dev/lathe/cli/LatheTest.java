package dev.lathe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class LatheTest {

    private record Result(int exitCode, String out, String err) {
    }

    @Command(name = "fail")
    static final class FailingCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("matmul: inner dimensions differ\nin [2, 3] @ [4, 5]");
        }
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Lathe.commandLine();
        commandLine.addSubcommand(new FailingCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void unknownCommandIsBadUsageOnOneLine() {
        Result r = run("bogus");
        assertEquals(2, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("bogus"), r.err());
    }

    @Test
    void noCommandIsBadUsage() {
        Result r = run();
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("missing command"), r.err());
    }

    @Test
    void helpListsTheCommands() {
        Result r = run("--help");
        assertEquals(0, r.exitCode());
        for (String command : new String[] {"train", "eval", "predict", "summary", "data", "devices", "bench"}) {
            assertTrue(r.out().contains(command), command + " in " + r.out());
        }
    }

    @Test
    void badOptionValueIsBadUsage() {
        Result r = run("train", "examples/mlp-tiny.json", "--epochs", "one");
        assertEquals(2, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void exceptionIsOneLineWithExitCodeOne() {
        Result r = run("fail");
        assertEquals(1, r.exitCode());
        assertEquals("lathe fail: error: matmul: inner dimensions differ in [2, 3] @ [4, 5] (--verbose shows the stack trace)",
                r.err().strip());
    }

    @Test
    void verboseShowsTheStackTrace() {
        Result r = run("fail", "--verbose");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("java.lang.IllegalStateException") && r.err().contains("\tat "), r.err());
    }
}
