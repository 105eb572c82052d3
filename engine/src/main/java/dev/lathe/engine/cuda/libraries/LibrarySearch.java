package dev.lathe.engine.cuda.libraries;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where CUDA libraries are looked for, in order: the folders named by {@code LATHE_CUDA_LIBS}
 * (colon-separated), those of {@code LD_LIBRARY_PATH}, the dynamic linker's cache
 * ({@code ldconfig -p}), the usual system and CUDA toolkit folders, WSL's driver folder, and the
 * library folders of NVIDIA's Python wheels ({@code site-packages/nvidia/<package>/lib}) of every
 * python3.x under /usr/lib, /usr/local/lib, ~/.local/lib and the virtualenv named by
 * {@code VIRTUAL_ENV}.
 */
public final class LibrarySearch {

    /** The environment variable naming extra folders, searched first. */
    public static final String FOLDERS_VARIABLE = "LATHE_CUDA_LIBS";

    private final List<Path> folders;
    private final Map<String, Path> linkerCache;
    /** How many of {@code folders} (those from environment variables) come before the linker cache. */
    private final int leadingFolders;

    private LibrarySearch(List<Path> folders, Map<String, Path> linkerCache, int leadingFolders) {
        this.folders = List.copyOf(folders);
        this.linkerCache = Map.copyOf(linkerCache);
        this.leadingFolders = leadingFolders;
    }

    /** Searches only these folders, in order. */
    public static LibrarySearch of(List<Path> folders) {
        return new LibrarySearch(folders, Map.of(), folders.size());
    }

    /** The search of this process: its environment, the real file system and {@code ldconfig -p}. */
    public static LibrarySearch standard() {
        return standard(System.getenv(), Path.of("/"), Path.of(System.getProperty("user.home")),
                LinkerCache.read());
    }

    /**
     * The standard search with its inputs given: {@code root} stands for "/" (tests pass a temporary
     * folder), {@code home} for the user's home folder.
     */
    static LibrarySearch standard(Map<String, String> env, Path root, Path home, Map<String, Path> linkerCache) {
        LinkedHashSet<Path> leading = new LinkedHashSet<>();
        pathList(env.get(FOLDERS_VARIABLE)).forEach(leading::add);
        pathList(env.get("LD_LIBRARY_PATH")).forEach(leading::add);

        LinkedHashSet<Path> rest = new LinkedHashSet<>();
        for (String dir : List.of("usr/lib/x86_64-linux-gnu", "usr/lib64", "usr/lib", "usr/local/lib")) {
            rest.add(root.resolve(dir));
        }
        for (Path cuda : childrenNamed(root.resolve("usr/local"), "cuda")) {
            rest.add(cuda.resolve("lib64"));
            rest.add(cuda.resolve("lib"));
            rest.add(cuda.resolve("targets/x86_64-linux/lib"));
        }
        rest.add(root.resolve("usr/lib/wsl/lib"));
        List<Path> pythonBases = new ArrayList<>(List.of(
                root.resolve("usr/lib"), root.resolve("usr/local/lib"), home.resolve(".local/lib")));
        String virtualEnv = env.get("VIRTUAL_ENV");
        if (virtualEnv != null && !virtualEnv.isBlank()) {
            pythonBases.add(0, Path.of(virtualEnv).resolve("lib"));
        }
        for (Path base : pythonBases) {
            for (Path python : childrenNamed(base, "python3")) {
                for (String packages : List.of("site-packages", "dist-packages")) {
                    for (Path wheel : children(python.resolve(packages).resolve("nvidia"))) {
                        rest.add(wheel.resolve("lib"));
                    }
                }
            }
        }
        List<Path> all = new ArrayList<>(leading);
        all.addAll(rest);
        return new LibrarySearch(all, linkerCache, leading.size());
    }

    /** The first regular file (or link to one) of this name, looking in the order of {@link #places}. */
    public Optional<Path> find(String fileName) {
        for (int i = 0; i <= folders.size(); i++) {
            if (i == leadingFolders) {
                Path cached = linkerCache.get(fileName);
                if (cached != null && Files.isRegularFile(cached)) {
                    return Optional.of(cached);
                }
            }
            if (i < folders.size() && Files.isRegularFile(folders.get(i).resolve(fileName))) {
                return Optional.of(folders.get(i).resolve(fileName));
            }
        }
        return Optional.empty();
    }

    /** Where {@link #find} looks, for messages: the folders that exist, and the linker cache in its place. */
    public List<String> places() {
        List<String> places = new ArrayList<>();
        for (int i = 0; i <= folders.size(); i++) {
            if (i == leadingFolders && !linkerCache.isEmpty()) {
                places.add("the ldconfig cache");
            }
            if (i < folders.size() && Files.isDirectory(folders.get(i))) {
                places.add(folders.get(i).toString());
            }
        }
        return places;
    }

    private static List<Path> pathList(String value) {
        List<Path> paths = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(":")) {
                if (!part.isBlank()) {
                    paths.add(Path.of(part.trim()));
                }
            }
        }
        return paths;
    }

    /** Sub-folders whose name starts with {@code prefix}, by name from last to first (cuda-13.0 before cuda-12.6). */
    private static List<Path> childrenNamed(Path dir, String prefix) {
        return children(dir).stream()
                .filter(p -> p.getFileName().toString().startsWith(prefix))
                .sorted(Comparator.reverseOrder())
                .toList();
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** {@code ldconfig -p}: soname to path, first entry per soname (the linker's choice). */
    static final class LinkerCache {
        private LinkerCache() {}

        static Map<String, Path> read() {
            for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
                if (Files.isExecutable(Path.of(ldconfig))) {
                    try {
                        Process process = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                        String output = new String(process.getInputStream().readAllBytes());
                        process.waitFor();
                        return parse(output);
                    } catch (IOException e) {
                        return Map.of();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Map.of();
                    }
                }
            }
            return Map.of();
        }

        /** Lines like {@code \tlibcublas.so.12 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcublas.so.12}. */
        static Map<String, Path> parse(String output) {
            Map<String, Path> entries = new LinkedHashMap<>();
            for (String line : output.split("\n")) {
                int arrow = line.indexOf(" => ");
                int paren = line.indexOf(" (");
                if (arrow < 0 || paren < 0 || paren > arrow || !line.contains("x86-64")) {
                    continue;
                }
                entries.putIfAbsent(line.substring(0, paren).trim(), Path.of(line.substring(arrow + 4).trim()));
            }
            return entries;
        }
    }
}
