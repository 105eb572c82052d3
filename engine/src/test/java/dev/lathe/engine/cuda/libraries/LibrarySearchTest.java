package dev.lathe.engine.cuda.libraries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search and the per-library decision over fake file trees (empty files named like the libraries). */
class LibrarySearchTest {

    @TempDir
    Path root;

    private Path file(String relative) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.createFile(file);
    }

    private LibrarySearch search(Map<String, String> env, Map<String, Path> linkerCache) {
        return LibrarySearch.standard(env, root, root.resolve("home/me"), linkerCache);
    }

    @Test
    void findsWheelLibrariesOfEveryPythonAndTheVirtualenv() throws IOException {
        Path cublas = file("home/me/.local/lib/python3.11/site-packages/nvidia/cu13/lib/libcublas.so.13");
        Path cudnn = file("venv/lib/python3.12/site-packages/nvidia/cudnn/lib/libcudnn.so.9");
        LibrarySearch search = search(Map.of("VIRTUAL_ENV", root.resolve("venv").toString()), Map.of());
        assertEquals(Optional.of(cublas), search.find("libcublas.so.13"));
        assertEquals(Optional.of(cudnn), search.find("libcudnn.so.9"));
        assertEquals(Optional.empty(), search.find("libcublas.so.12"));
    }

    @Test
    void findsSystemToolkitAndWslFolders() throws IOException {
        Path toolkit = file("usr/local/cuda-12.6/lib64/libcublas.so.12");
        Path driver = file("usr/lib/wsl/lib/libcuda.so.1");
        LibrarySearch search = search(Map.of(), Map.of());
        assertEquals(Optional.of(toolkit), search.find("libcublas.so.12"));
        assertEquals(Optional.of(driver), search.find("libcuda.so.1"));
    }

    @Test
    void environmentFoldersComeFirstThenTheLinkerCache() throws IOException {
        Path system = file("usr/lib/x86_64-linux-gnu/libcudnn.so.8");
        Path cached = file("opt/cudnn/libcudnn.so.8");
        Path chosen = file("mine/libcudnn.so.8");
        Map<String, Path> cache = Map.of("libcudnn.so.8", cached);
        assertEquals(Optional.of(cached), search(Map.of(), cache).find("libcudnn.so.8"));
        assertEquals(Optional.of(chosen),
                search(Map.of(LibrarySearch.FOLDERS_VARIABLE, root.resolve("elsewhere") + ":" + root.resolve("mine")), cache)
                        .find("libcudnn.so.8"));
        assertEquals(Optional.of(system), search(Map.of(), Map.of()).find("libcudnn.so.8"));
    }

    @Test
    void parsesTheLinkerCache() {
        String output = "1234 libs found in cache `/etc/ld.so.cache'\n"
                + "\tlibcublas.so.12 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcublas.so.12\n"
                + "\tlibcublas.so.12 (libc6) => /usr/lib32/libcublas.so.12\n"
                + "\tlibcuda.so.1 (libc6,x86-64) => /usr/lib/wsl/lib/libcuda.so.1\n";
        Map<String, Path> cache = LibrarySearch.LinkerCache.parse(output);
        assertEquals(Map.of("libcublas.so.12", Path.of("/usr/lib/x86_64-linux-gnu/libcublas.so.12"),
                "libcuda.so.1", Path.of("/usr/lib/wsl/lib/libcuda.so.1")), cache);
    }

    @Test
    void theOldGenerationWinsOverTheCompatibilityPath() throws IOException {
        file("usr/lib/x86_64-linux-gnu/libcublas.so.12");
        file("usr/lib/x86_64-linux-gnu/libcublas.so.13");
        LibraryChoice choice = CudaLibraries.choose(CudaLibrary.CUBLAS, search(Map.of(), Map.of()), true);
        assertFalse(choice.compat());
        assertEquals("libcublas.so.12", choice.path().getFileName().toString());
    }

    @Test
    void onlyTheNewGenerationMeansTheCompatibilityPath() throws IOException {
        Path real = file("usr/local/lib/python3.10/dist-packages/nvidia/cudnn/lib/libcudnn.so.9.5.1");
        Files.createSymbolicLink(real.resolveSibling("libcudnn.so.9"), real.getFileName());
        LibraryChoice choice = CudaLibraries.choose(CudaLibrary.CUDNN, search(Map.of(), Map.of()), true);
        assertTrue(choice.compat());
        assertEquals("9.5.1", choice.version());
        assertTrue(choice.describe().contains("through the libcudnn.so.8 compatibility library"), choice.describe());
    }

    @Test
    void withoutTheCompatibilityLibraryTheNewGenerationDoesNotCount() throws IOException {
        file("usr/lib/x86_64-linux-gnu/libcublas.so.13");
        assertFalse(CudaLibraries.choose(CudaLibrary.CUBLAS, search(Map.of(), Map.of()), false).found());
    }

    @Test
    void missingLibrariesAreNamedWithWhereTheSearchLooked() throws IOException {
        file("usr/lib/x86_64-linux-gnu/libcuda.so.1");
        LibrarySearch search = search(Map.of(), Map.of());
        CudaLibraryReport report = new CudaLibraryReport(
                CudaLibraries.choose(CudaLibrary.DRIVER, search, true),
                CudaLibraries.choose(CudaLibrary.CUBLAS, search, true),
                CudaLibraries.choose(CudaLibrary.CUDNN, search, true));
        MissingCudaLibraryException e = assertThrows(MissingCudaLibraryException.class, report::requireAll);
        assertTrue(e.getMessage().contains("cuBLAS: libcublas.so.12 or libcublas.so.13 not found; looked in "
                + root.resolve("usr/lib/x86_64-linux-gnu")), e.getMessage());
        assertTrue(e.getMessage().contains("cuDNN: libcudnn.so.8 or libcudnn.so.9 not found"), e.getMessage());
        assertTrue(e.getMessage().contains(LibrarySearch.FOLDERS_VARIABLE), e.getMessage());
        assertFalse(e.getMessage().contains("CUDA driver"), e.getMessage());
        assertEquals(List.of("CUDA driver 1: " + root.resolve("usr/lib/x86_64-linux-gnu/libcuda.so.1"),
                "cuBLAS: not found (libcublas.so.12 or libcublas.so.13)",
                "cuDNN: not found (libcudnn.so.8 or libcudnn.so.9)"), report.lines());
    }
}
