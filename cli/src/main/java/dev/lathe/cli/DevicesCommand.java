package dev.lathe.cli;

import dev.lathe.engine.Device;
import dev.lathe.engine.backend.Backends;
import dev.lathe.engine.cuda.CudaBackend;
import dev.lathe.engine.cuda.CudaDriver;
import dev.lathe.engine.cuda.CudaUnavailableException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lathe devices}: the CPU, and each GPU with its memory, compute capability, driver and
 * cuBLAS/cuDNN versions (opening its backend, as training would) — or the one reason there is none.
 */
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
        int count;
        try {
            count = CudaDriver.deviceCount();
        } catch (CudaUnavailableException e) {
            out.println("cuda    none: " + e.getMessage());
            out.flush();
            return 0;
        }
        for (int i = 0; i < count; i++) {
            Device device = Device.cuda(i);
            try {
                out.printf("%-7s %s%n", device, ((CudaBackend) Backends.of(device)).describe());
            } catch (RuntimeException e) { // the GPU is there, but a library is missing or the context fails
                out.printf("%-7s %s; unusable: %s%n", device, CudaDriver.info(i).describe(), e.getMessage());
            }
        }
        out.flush();
        return 0;
    }
}
