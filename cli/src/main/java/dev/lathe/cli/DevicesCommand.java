package dev.lathe.cli;

import dev.lathe.engine.Device;
import dev.lathe.engine.backend.Backends;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lathe devices}: the CPU, and the GPUs a CUDA backend finds — or why there are none. */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "List the devices Lathe can train on.")
final class DevicesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Runtime runtime = Runtime.getRuntime();
        out.printf(Locale.ROOT, "cpu     %d cores, Java heap up to %,d MiB, %s %s, Java %s%n", runtime.availableProcessors(),
                runtime.maxMemory() >> 20, System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"));
        try {
            Backends.of(Device.cuda(0));
            out.println("cuda:0  available");
        } catch (RuntimeException e) {
            out.println("cuda    none: " + e.getMessage());
        }
        out.flush();
        return 0;
    }
}
