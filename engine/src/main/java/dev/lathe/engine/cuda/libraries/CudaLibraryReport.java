package dev.lathe.engine.cuda.libraries;

import java.util.List;

/** The libraries the CUDA backend runs on, as found (and, after {@link CudaLibraries#load}, loaded). */
public record CudaLibraryReport(LibraryChoice driver, LibraryChoice cublas, LibraryChoice cudnn) {

    public List<LibraryChoice> all() {
        return List.of(driver, cublas, cudnn);
    }

    /** One line per library, for {@code lathe devices}. */
    public List<String> lines() {
        return all().stream().map(LibraryChoice::describe).toList();
    }

    /** Throws, naming every missing library and where the search looked, unless all were found. */
    public CudaLibraryReport requireAll() {
        List<String> problems = all().stream().filter(c -> !c.found()).map(LibraryChoice::problem).toList();
        if (!problems.isEmpty()) {
            throw new MissingCudaLibraryException(String.join("; ", problems));
        }
        return this;
    }
}
