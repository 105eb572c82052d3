package dev.lathe.engine.cuda.libraries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility libraries at link level, without a GPU: stand-in libcublas.so.13 and
 * libcudnn.so.9 (test resources, built here with gcc) record what they receive; a child JVM loads
 * them through {@link CudaLibraries}, which adds the compatibility libraries, and calls JCublas2's
 * and JCudnn's real natives ({@link CompatLinkProbe}). Each call must arrive in the stand-in through
 * the compatibility library with its arguments intact, and cuDNN 9's statuses must come back in
 * cuDNN 8's numbering. Skipped only where gcc is missing.
 */
class CompatLinkTest {

    @TempDir
    static Path folder;

    static Map<String, String> results;
    static List<String> calls;

    @BeforeAll
    static void runProbe() throws Exception {
        boolean gcc = run(List.of("gcc", "--version"), folder, Map.of()).exitCode == 0;
        if (!gcc) {
            System.out.println("CompatLinkTest skipped: gcc not found, so neither the compatibility libraries nor the stand-ins can be built");
        }
        assumeTrue(gcc, "gcc not found");
        assertTrue(CompatLibraries.available("libcublas.so.12") && CompatLibraries.available("libcudnn.so.8"),
                "gcc exists but the native module's jar holds no compatibility libraries");

        buildStandIn("standin_cublas13.c", "libcublas.so.13");
        buildStandIn("standin_cudnn9.c", "libcudnn.so.9");

        Path log = folder.resolve("calls.log");
        Files.createFile(log);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Outcome child = run(List.of(java, "-cp", System.getProperty("java.class.path"),
                        "-Djava.io.tmpdir=" + folder, CompatLinkProbe.class.getName(), folder.toString()),
                folder, Map.of("STANDIN_LOG", log.toString()));
        System.out.println("CompatLinkProbe output:\n" + child.output);
        calls = Files.readAllLines(log);
        System.out.println("stand-in calls:\n" + String.join("\n", calls));
        assertEquals(0, child.exitCode, "the probe JVM failed:\n" + child.output);

        results = new HashMap<>();
        for (String line : child.output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                results.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
    }

    @Test
    void compatibilityLibrariesAreUsed() {
        assertEquals("true", results.get("cublas.compat"));
        assertEquals("true", results.get("cudnn.compat"));
    }

    @Test
    void cublasCallsArriveInTheStandIn() {
        assertEquals("0", results.get("cublasCreate"));
        assertEquals("0", results.get("cublasGetVersion"));
        assertEquals("130042", results.get("cublasGetVersion.version"), "the stand-in's version, for the stand-in's handle");
        assertTrue(calls.contains("cublas13 cublasCreate_v2"));
        assertTrue(calls.contains("cublas13 cublasGetVersion_v2"));
    }

    @Test
    void stackArgumentsAndScalarsAreForwarded() {
        assertEquals("0", results.get("cublasSgemm"));
        assertTrue(calls.contains("cublas13 cublasSgemm_v2 m=2 n=3 k=4 alpha=1.5"), calls.toString());
        assertTrue(calls.contains("cublas13 cublasSgemm_v2 lda=5 ldb=6 ldc=7 beta=0.25"), calls.toString());
        assertTrue(calls.contains("cudnn9 cudnnSetConvolution2dDescriptor u=2 v=3 dilation_h=4 dilation_w=5"), calls.toString());
        assertTrue(calls.contains("cudnn9 cudnnSetConvolution2dDescriptor mode=1 compute_type=0"), calls.toString());
        assertTrue(calls.contains("cudnn9 cudnnSetActivationDescriptor mode=1 nan=0 coef=6.25"), calls.toString());
    }

    @Test
    void functionsTheNewerLibraryLacksAreNotSupported() {
        assertEquals("15", results.get("cublasSetMathMode"), "CUBLAS_STATUS_NOT_SUPPORTED");
        assertTrue(results.get("cublasGetStatusString").contains("missing in libcublas.so.13"));
        assertEquals("0", results.get("cublasGetCudartVersion"));
        assertEquals("9", results.get("cudnnDestroy"), "cuDNN 8's CUDNN_STATUS_NOT_SUPPORTED");
        assertEquals("9", results.get("cudnnSetRNNBiasMode"), "the v7 RNN API is gone from cuDNN 9");
    }

    @Test
    void cudnnStatusesAreRenumbered() {
        assertEquals("90501", results.get("cudnnGetVersion"));
        assertEquals("0", results.get("cudnnCreate"));
        assertEquals("9", results.get("cudnnSetStream"), "cuDNN 9's NOT_SUPPORTED_SHAPE (3002) is cuDNN 8's NOT_SUPPORTED");
        assertEquals("3", results.get("cudnnSetConvolution2dDescriptor"), "BAD_PARAM_NULL_POINTER (2002) is BAD_PARAM");
        assertEquals("0", results.get("cudnnSetActivationDescriptor"));
        assertEquals("stand-in status 2000", results.get("cudnnGetErrorString"),
                "cuDNN 8's BAD_PARAM (3) is passed on as cuDNN 9's (2000)");
        assertTrue(calls.contains("cudnn9 cudnnSetStream"));
    }

    @Test
    void renamedAndHandWrittenForwardersWork() {
        assertEquals("0", results.get("cudnnOpsInferVersionCheck"));
        assertTrue(calls.contains("cudnn9 cudnnOpsVersionCheck"), "cuDNN 8's OpsInfer check is cuDNN 9's Ops check");
        assertEquals("0", results.get("cudnnGetConvolutionForwardAlgorithm_v7"));
        assertEquals("2", results.get("cudnnGetConvolutionForwardAlgorithm_v7.returned"));
        assertEquals("1/0/1024", results.get("cudnnGetConvolutionForwardAlgorithm_v7.perf0"));
        assertEquals("6/9", results.get("cudnnGetConvolutionForwardAlgorithm_v7.perf1"),
                "a result's status 3000 (cuDNN 9 NOT_SUPPORTED) is 9 in cuDNN 8");
    }

    @Test
    void everySymbolTheNativesBindIsExported() throws Exception {
        assumeTrue(run(List.of("nm", "--version"), folder, Map.of()).exitCode == 0, "nm not found");
        Map<String, String> natives = Map.of(
                "lib/libJCublas2-12.6.0-linux-x86_64.so", "libcublas.so.12",
                "lib/libJCublas-12.6.0-linux-x86_64.so", "libcublas.so.12",
                "lib/libJCudnn-11.7.0-linux-x86_64.so", "libcudnn.so.8");
        for (Map.Entry<String, String> entry : natives.entrySet()) {
            String node = entry.getValue();
            Path nativeFile = folder.resolve(Path.of(entry.getKey()).getFileName());
            try (InputStream in = CompatLinkTest.class.getClassLoader().getResourceAsStream(entry.getKey())) {
                assertNotNull(in, entry.getKey());
                Files.copy(in, nativeFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> bound = symbols(nativeFile, "--undefined-only", node);
            List<String> exported = symbols(CompatLibraries.extract(node).orElseThrow(), "--defined-only", node);
            assertTrue(bound.size() > 100, entry.getKey() + " binds " + bound.size());
            List<String> missing = bound.stream().filter(s -> !exported.contains(s)).toList();
            assertEquals(List.of(), missing, node + " lacks symbols " + entry.getKey() + " binds");
        }
    }

    /** Names nm lists at version node {@code node} ({@code name@node} or {@code name@@node}). */
    private static List<String> symbols(Path file, String which, String node) throws Exception {
        Outcome nm = run(List.of("nm", "-D", "--with-symbol-versions", which, file.toString()), folder, Map.of());
        assertEquals(0, nm.exitCode, nm.output);
        List<String> names = new ArrayList<>();
        for (String line : nm.output.split("\n")) {
            String symbol = line.substring(line.lastIndexOf(' ') + 1);
            int at = symbol.indexOf('@');
            if (at > 0 && symbol.substring(at).replace("@", "").equals(node)) {
                names.add(symbol.substring(0, at));
            }
        }
        return names;
    }

    private static void buildStandIn(String source, String soname) throws IOException, InterruptedException {
        Path c = folder.resolve(source);
        try (InputStream in = CompatLinkTest.class.getResourceAsStream(source)) {
            assertNotNull(in, source);
            Files.copy(in, c);
        }
        Path map = folder.resolve(soname + ".map");
        Files.writeString(map, soname + " { global: *; };\n");
        Outcome gcc = run(List.of("gcc", "-shared", "-fPIC", "-O1", "-Wl,-soname," + soname,
                "-Wl,--version-script=" + map, "-o", folder.resolve(soname).toString(), c.toString()), folder, Map.of());
        assertEquals(0, gcc.exitCode, "building " + soname + ":\n" + gcc.output);
    }

    private record Outcome(int exitCode, String output) {}

    private static Outcome run(List<String> command, Path dir, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Outcome(-1, e.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new Outcome(process.exitValue(), output);
    }
}
