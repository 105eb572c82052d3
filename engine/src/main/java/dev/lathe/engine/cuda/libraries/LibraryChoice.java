package dev.lathe.engine.cuda.libraries;

import java.nio.file.Path;
import java.util.List;

/**
 * What was decided for one {@link CudaLibrary}: the file used (null where none was found), whether
 * the compatibility library forwards to it, its version as its file name tells it, and where the
 * search looked.
 */
public record LibraryChoice(CudaLibrary library, Path path, boolean compat, String version, List<String> searched) {

    public LibraryChoice {
        searched = List.copyOf(searched);
    }

    static LibraryChoice missing(CudaLibrary library, List<String> searched) {
        return new LibraryChoice(library, null, false, null, searched);
    }

    public boolean found() {
        return path != null;
    }

    /** One line for {@code lathe devices}. */
    public String describe() {
        if (!found()) {
            return library.title() + ": not found (" + wanted() + ")";
        }
        String line = library.title() + " " + version + ": " + path;
        return compat ? line + " through the " + library.soname() + " compatibility library" : line;
    }

    /** Why the library is missing, naming the files looked for and where. */
    public String problem() {
        return library.title() + ": " + wanted() + " not found; looked in "
                + (searched.isEmpty() ? "no existing folder" : String.join(", ", searched))
                + " (set " + LibrarySearch.FOLDERS_VARIABLE + " to the folder holding it)";
    }

    private String wanted() {
        return library.newerSoname() == null
                ? library.soname()
                : library.soname() + " or " + library.newerSoname();
    }
}
