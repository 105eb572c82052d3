package dev.lathe.engine.cuda.libraries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds and loads the CUDA driver, cuBLAS and cuDNN libraries before the JCuda bindings load theirs.
 *
 * <p>Per library: where the generation the JCuda natives link against (CUDA 12's
 * {@code libcublas.so.12}, cuDNN 8's {@code libcudnn.so.8}) is found, it is used; where only the
 * next one is ({@code libcublas.so.13}, {@code libcudnn.so.9}), that is loaded by absolute path and
 * then the compatibility library of the older soname, which forwards to it, so JCublas2's and
 * JCudnn's natives bind to the compatibility library. Loading by absolute path also lets the natives
 * find libraries in folders the system loader does not search (Python wheels, {@code LATHE_CUDA_LIBS}):
 * the dynamic linker matches an already loaded library by soname.
 */
public final class CudaLibraries {

    private static CudaLibraryReport loaded;

    private CudaLibraries() {}

    /** Decides, without loading anything, what {@link #load} would use. */
    public static CudaLibraryReport plan(LibrarySearch search) {
        return new CudaLibraryReport(
                choose(CudaLibrary.DRIVER, search, true),
                choose(CudaLibrary.CUBLAS, search, CompatLibraries.available(CudaLibrary.CUBLAS.soname())),
                choose(CudaLibrary.CUDNN, search, CompatLibraries.available(CudaLibrary.CUDNN.soname())));
    }

    /**
     * The decision for one library: its own soname, else (when {@code compatAvailable}) the newer one
     * through the compatibility library, else missing.
     */
    static LibraryChoice choose(CudaLibrary library, LibrarySearch search, boolean compatAvailable) {
        Optional<Path> own = search.find(library.soname());
        if (own.isPresent()) {
            return new LibraryChoice(library, own.get(), false, version(own.get(), library.soname()), search.places());
        }
        if (library.newerSoname() != null && compatAvailable) {
            Optional<Path> newer = search.find(library.newerSoname());
            if (newer.isPresent()) {
                return new LibraryChoice(library, newer.get(), true, version(newer.get(), library.newerSoname()),
                        search.places());
            }
        }
        return LibraryChoice.missing(library, search.places());
    }

    /**
     * Loads what {@link #plan} chose, each library once per JVM (later calls return the first report),
     * and returns the report; missing libraries are reported, not thrown: call
     * {@link CudaLibraryReport#requireAll}.
     */
    public static synchronized CudaLibraryReport load(LibrarySearch search) {
        if (loaded == null) {
            CudaLibraryReport report = plan(search);
            for (LibraryChoice choice : report.all()) {
                if (choice.found()) {
                    loadFiles(choice);
                }
            }
            loaded = report;
        }
        return loaded;
    }

    /** {@link #load} with the {@linkplain LibrarySearch#standard() standard search}. */
    public static CudaLibraryReport load() {
        return load(LibrarySearch.standard());
    }

    private static void loadFiles(LibraryChoice choice) {
        CudaLibrary library = choice.library();
        String soname = choice.compat() ? library.newerSoname() : library.soname();
        String major = soname.substring(soname.indexOf(".so.") + 4);
        List<Path> files = new ArrayList<>();
        for (String companion : library.companions()) {
            Path file = choice.path().resolveSibling(companion + ".so." + major);
            if (Files.isRegularFile(file)) {
                files.add(file);
            }
        }
        files.add(choice.path());
        if (choice.compat()) {
            files.add(CompatLibraries.extract(library.soname()).orElseThrow());
        }
        for (Path file : files) {
            try {
                System.load(file.toAbsolutePath().toString());
            } catch (UnsatisfiedLinkError e) {
                throw new MissingCudaLibraryException(library.title() + ": cannot load " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The version a library file's name tells: {@code libcublas.so.13.1.0.3} (the file a soname link
     * points to) gives 13.1.0.3; a file named just by its soname gives the major version.
     */
    static String version(Path file, String soname) {
        String major = soname.substring(soname.indexOf(".so.") + 4);
        String name;
        try {
            name = file.toRealPath().getFileName().toString();
        } catch (IOException e) {
            name = file.getFileName().toString();
        }
        String stem = soname.substring(0, soname.indexOf(".so.") + 4);
        return name.startsWith(stem + major + ".") ? name.substring(stem.length()) : major;
    }
}
