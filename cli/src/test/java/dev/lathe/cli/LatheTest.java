package dev.lathe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        assertTrue(r.out().contains("demo") && r.out().contains("bench"), r.out());
    }

    @Test
    void badOptionValueIsBadUsage() {
        Result r = run("demo", "--epochs", "1");
        assertEquals(2, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void demoTrainsAndTheLossFalls() {
        Result r = run("demo", "--epochs", "5");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("13 parameters"), r.out());
        assertTrue(r.out().contains("epoch   5/5"), r.out());
        assertTrue(r.out().contains("loss fell from"), r.out());
    }

    @Test
    void demoFreesEveryStepsIntermediates() {
        Result r = run("demo", "--epochs", "3");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        String line = r.out().lines().filter(l -> l.startsWith("live storages")).findFirst().orElseThrow();
        Matcher m = Pattern.compile("live storages: (\\d+) before training, (\\d+) after").matcher(line);
        assertTrue(m.matches(), line);
        assertEquals(m.group(1), m.group(2), line);
    }

    @Test
    void runtimeFailureIsOneLineWithExitCodeOne() {
        // a learning rate this large makes SGD diverge, so the loss does not fall
        Result r = run("demo", "--epochs", "3", "--lr", "1e30");
        assertEquals(1, r.exitCode(), r.out() + r.err());
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
