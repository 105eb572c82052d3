package dev.lathe.train.recipes;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.train.data.Splits;
import dev.lathe.train.data.TextCorpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * MR sentence polarity (Pang and Lee): the 4,000 movie-review sentences, 2,000 per class, that the
 * Debian package python3-pattern ships as a test corpus. The package drags in many dependencies,
 * so its .deb is downloaded and unpacked into a cache folder instead of being installed; a
 * system-wide installation is used when present. Classes negative (-1) and positive (1); a
 * stratified, seeded test part ({@code test_fraction} 0.2, {@code split_seed} 0 by default).
 */
public final class MrPolarityRecipe implements TextRecipe {

    public static final String NAME = "mr-polarity";
    public static final List<String> CLASS_NAMES = List.of("negative", "positive");

    private static final String PACKAGE = "python3-pattern";
    private static final String CSV = "usr/share/doc/python3-pattern/test/corpora/polarity-en-pang&lee2.csv";

    private final Path cache;
    private final Path installed;

    /** The cache is $XDG_CACHE_HOME/lathe/debs, or ~/.cache/lathe/debs. */
    public MrPolarityRecipe() {
        this(defaultCache(), Path.of("/").resolve(CSV));
    }

    /** Downloads into and reads from {@code cache} only. */
    public MrPolarityRecipe(Path cache) {
        this(cache, null);
    }

    private MrPolarityRecipe(Path cache, Path installed) {
        this.cache = cache;
        this.installed = installed;
    }

    private static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("lathe").resolve("debs");
    }

    private Path extracted() {
        return cache.resolve(PACKAGE);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "movie-review sentences by polarity (Pang & Lee), 2 classes of 2,000; stratified 20 % test part";
    }

    @Override
    public List<String> debianPackages() {
        return List.of(PACKAGE);
    }

    @Override
    public List<Path> requiredFiles() {
        if (installed != null && Files.isReadable(installed)) {
            return List.of(installed);
        }
        return List.of(extracted().resolve(CSV));
    }

    @Override
    public String installCommand() {
        return "mkdir -p " + cache + " && cd " + cache + " && apt-get download " + PACKAGE + " && dpkg-deb -x " + PACKAGE + "_*.deb "
                + extracted();
    }

    /** apt-get download and dpkg-deb -x, which need no root. */
    @Override
    public void install() {
        if (available()) {
            return;
        }
        try {
            Files.createDirectories(cache);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + cache, e);
        }
        Debian.run(List.of("apt-get", "download", PACKAGE), cache);
        Debian.run(List.of("dpkg-deb", "-x", newestDeb().toString(), extracted().toString()), null);
    }

    private Path newestDeb() {
        Path newest = null;
        FileTime newestTime = null;
        try (DirectoryStream<Path> debs = Files.newDirectoryStream(cache, PACKAGE + "_*.deb")) {
            for (Path deb : debs) {
                FileTime time = Files.getLastModifiedTime(deb);
                if (newest == null || time.compareTo(newestTime) > 0) {
                    newest = deb;
                    newestTime = time;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + cache, e);
        }
        if (newest == null) {
            throw new IllegalStateException("apt-get download left no " + PACKAGE + "_*.deb in " + cache);
        }
        return newest;
    }

    @Override
    public Splits<TextCorpus> load(RecipeOptions options) {
        options.acceptOnly(NAME, "test_fraction", "split_seed");
        double fraction = options.testFractionOr(NAME, 0.2);
        requireAvailable();
        return StratifiedSplit.split(read(requiredFiles().get(0)), fraction, options.splitSeedOr(0));
    }

    /** The CSV: a byte-order mark, then records of two quoted fields (1 or -1, sentence) ended by CRLF. */
    static TextCorpus read(Path file) {
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (content.startsWith("\uFEFF")) {
            content = content.substring(1);
        }
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Record record : records(file, content)) {
            if (record.fields().size() != 2) {
                throw new InvalidInputException(file + " line " + record.line() + ": expected 2 columns (1 or -1, sentence), got "
                        + record.fields().size());
            }
            String label = record.fields().get(0).strip();
            if (!label.equals("1") && !label.equals("-1")) {
                throw new InvalidInputException(file + " line " + record.line() + ": the label must be 1 or -1, got '" + label + "'");
            }
            labels.add(label.equals("1") ? 1 : 0);
            texts.add(record.fields().get(1).strip());
        }
        if (texts.isEmpty()) {
            throw new InvalidInputException(file + " holds no sentences");
        }
        return new TextCorpus(texts, null, labels.stream().mapToInt(Integer::intValue).toArray(), CLASS_NAMES);
    }

    private record Record(int line, List<String> fields) {
    }

    /** RFC 4180 records: fields may be quoted, with "" for a quote and line breaks inside; blank lines are skipped. */
    private static List<Record> records(Path file, String content) {
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean empty = true;
        int line = 1;
        int start = 1;
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < content.length() && content.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
                if (c == '\n') {
                    line++;
                }
            } else if (c == '"') {
                quoted = true;
                empty = false;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                empty = false;
            } else if (c == '\n' || c == '\r') {
                if (!empty || field.length() > 0) {
                    fields.add(field.toString());
                    records.add(new Record(start, List.copyOf(fields)));
                }
                fields.clear();
                field.setLength(0);
                empty = true;
                if (c == '\r' && i + 1 < content.length() && content.charAt(i + 1) == '\n') {
                    i++;
                }
                line++;
                start = line;
            } else {
                field.append(c);
                empty = false;
            }
        }
        if (quoted) {
            throw new InvalidInputException(file + " line " + start + ": a quoted field is not closed");
        }
        if (!empty || field.length() > 0) {
            fields.add(field.toString());
            records.add(new Record(start, List.copyOf(fields)));
        }
        return records;
    }
}
