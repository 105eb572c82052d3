package dev.lathe.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CUDA backend on a stand-in GPU: src/test/native/standin builds libcuda.so.1, libcublas.so.12
 * and libcudnn.so.8 that work on host memory (cuBLAS's and cuDNN's documented semantics, naively),
 * and a JVM started with them on LD_LIBRARY_PATH runs {@link StandInGpuMain}. This runs the real
 * JCuda, JCublas2 and JCudnn natives and every argument the backend passes them — everything but
 * the GPU and the kernels. Skipped (saying why) where gcc is missing.
 */
class StandInGpuTest {

    private static final Path SOURCES = Path.of("src/test/native/standin");

    @TempDir
    static Path dir;

    @BeforeAll
    static void buildStandIns() throws Exception {
        assumeTrue(exitCode(List.of("gcc", "--version"), null) == 0, "gcc is not installed: the stand-in libraries cannot be built");
        Path all = Files.createDirectories(dir.resolve("all"));
        Path driverOnly = Files.createDirectories(dir.resolve("driver-only"));
        gcc("libcuda.so.1", null, all);
        gcc("libcublas.so.12", "libcublas.so.12", all);
        gcc("libcudnn.so.8", "libcudnn.so.8", all);
        Files.copy(all.resolve("libcuda.so.1"), driverOnly.resolve("libcuda.so.1"));
    }

    /** Builds one library; a version node, where given, is what JCublas2's and JCudnn's natives bind their symbols to. */
    private static void gcc(String library, String versionNode, Path out) throws Exception {
        String source = SOURCES.resolve(library.substring(0, library.indexOf(".so")) + ".c").toString();
        List<String> command = new java.util.ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-O1", "-o", out.resolve(library).toString(),
                "-Wl,-soname," + library, source));
        if (versionNode != null) {
            Path script = dir.resolve(versionNode + ".map");
            Files.writeString(script, versionNode + " { global: *; };\n");
            command.add("-Wl,--version-script=" + script);
        }
        assertEquals(0, exitCode(command, null), "building " + library);
    }

    @Test
    void transfersProductsAndConvolutionsAgreeWithTheCpu() throws Exception {
        String output = runMain(dir.resolve("all"), "checks");
        assertTrue(output.contains("Stand-in GPU, 80.00 GiB, compute capability 9.0, 132 multiprocessors, driver CUDA 13.0, cuBLAS 12.6.1,"
                + " cuDNN 8.9.7"), output);
        assertTrue(output.contains("stand-in GPU checks passed"), output);
    }

    @Test
    void withTheDriverButNoCublasOpeningNamesTheMissingLibrary() throws Exception {
        String message = runMain(dir.resolve("driver-only"), "open").strip();
        assertTrue(message.startsWith("cuda:0 is not available: cuBLAS: libcublas.so.12 or libcublas.so.13 not found; looked in "
                + dir.resolve("driver-only")), message);
        assertTrue(message.contains("set LATHE_CUDA_LIBS to the folder holding it"), message);
        assertEquals(1, message.lines().count(), message);
    }

    private static String runMain(Path libraries, String mode) throws Exception {
        Path log = Files.createTempFile(dir, "main", ".log");
        Path tmp = Files.createDirectories(dir.resolve("tmp-" + mode)); // JCuda unpacks its natives here, apart from other builds
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), StandInGpuMain.class.getName(), mode);
        int code = exitCode(command, pb -> pb.environment().put("LD_LIBRARY_PATH", libraries.toString()), log);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, code, output);
        return output;
    }

    private interface Setup {
        void apply(ProcessBuilder builder);
    }

    private static int exitCode(List<String> command, Setup setup) throws IOException, InterruptedException {
        return exitCode(command, setup, null);
    }

    private static int exitCode(List<String> command, Setup setup, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.redirectOutput(log != null ? ProcessBuilder.Redirect.to(log.toFile()) : ProcessBuilder.Redirect.DISCARD);
        if (setup != null) {
            setup.apply(builder);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return -1;
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return process.exitValue();
    }
}
