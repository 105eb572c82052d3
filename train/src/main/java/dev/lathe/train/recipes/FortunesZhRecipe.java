package dev.lathe.train.recipes;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.train.data.Splits;
import dev.lathe.train.data.TextCorpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chinese sayings and poems of the fortunes-zh package, labelled by source: the six largest
 * sources of {@code chinese} (谚语, 论语, 菜根谭, 增广贤文, 詩經, 道德经 in Debian's 2.98), then 唐诗
 * ({@code tang300}) and 宋诗 ({@code song100}); a stratified, seeded test part ({@code test_fraction}
 * 0.2, {@code split_seed} 0). An item of {@code chinese} names its source in a closing
 * {@code --《source》…} line or, without one, as the first part of an opening {@code 《source‧ part‧
 * title》} heading (the Book of Songs); the line is removed. The many smaller sources (Debian
 * documents, single poets' ci, books quoted a few times) are left out. The poems lose their title
 * and author lines. ANSI colour codes go, each line is trimmed and blank lines dropped.
 */
public final class FortunesZhRecipe extends AptPackageRecipe implements TextRecipe {

    public static final String NAME = "fortunes-zh";
    public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/games/fortunes");
    /** How many sources of {@code chinese} become classes. */
    public static final int CHINESE_SOURCES = 6;
    public static final String TANG = "唐诗";
    public static final String SONG = "宋诗";

    private static final String PACKAGE = "fortunes-zh";
    // "ESC[;" directly followed by another sequence occurs in the files, hence the optional m
    private static final Pattern ANSI = Pattern.compile("\u001B(\\[[0-9;]*m?)?");
    private static final Pattern SOURCE_TAG = Pattern.compile("(?:--|——|－－)\\s*《([^》]+)》.*");
    private static final Pattern SOURCE_HEADING = Pattern.compile("《\\s*([^》‧·・]+?)\\s*[‧·・][^》]*》");
    private static final Pattern POEM_TITLE = Pattern.compile(".*《[^》]*》.*");

    private final Path directory;

    public FortunesZhRecipe() {
        this(DEBIAN_DIRECTORY);
    }

    /** Reads chinese, tang300 and song100 from {@code directory} instead of the Debian one. */
    public FortunesZhRecipe(Path directory) {
        super(NAME, "Chinese sayings and poems by source (fortunes-zh), 8 unbalanced classes; stratified 20 % test part", PACKAGE);
        this.directory = directory;
    }

    @Override
    public List<Path> requiredFiles() {
        return List.of(directory.resolve("chinese"), directory.resolve("tang300"), directory.resolve("song100"));
    }

    @Override
    public Splits<TextCorpus> load(RecipeOptions options) {
        options.acceptOnly(NAME, "test_fraction", "split_seed");
        double fraction = options.testFractionOr(NAME, 0.2);
        requireAvailable();
        return StratifiedSplit.split(read(), fraction, options.splitSeedOr(0));
    }

    /** Every item of the eight classes, in file order. */
    TextCorpus read() {
        List<Path> files = requiredFiles();
        Map<String, List<String>> bySource = new LinkedHashMap<>();
        for (List<String> lines : items(files.get(0))) {
            String source = null;
            Matcher tag = SOURCE_TAG.matcher(lines.get(lines.size() - 1));
            Matcher heading = SOURCE_HEADING.matcher(lines.get(0));
            if (tag.matches()) {
                source = tag.group(1).strip();
                lines = lines.subList(0, lines.size() - 1);
            } else if (heading.matches()) {
                source = heading.group(1);
                lines = lines.subList(1, lines.size());
            }
            if (source != null && !lines.isEmpty()) {
                bySource.computeIfAbsent(source, s -> new ArrayList<>()).add(String.join("\n", lines));
            }
        }
        List<String> classNames = new ArrayList<>(bySource.keySet());
        classNames.sort(Comparator.comparingInt((String s) -> -bySource.get(s).size()).thenComparing(Comparator.naturalOrder()));
        classNames = new ArrayList<>(classNames.subList(0, Math.min(CHINESE_SOURCES, classNames.size())));
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            for (String text : bySource.get(classNames.get(c))) {
                texts.add(text);
                labels.add(c);
            }
        }
        addPoems(files.get(1), TANG, classNames, texts, labels);
        addPoems(files.get(2), SONG, classNames, texts, labels);
        return new TextCorpus(texts, null, labels.stream().mapToInt(Integer::intValue).toArray(), classNames);
    }

    /** The poems of {@code file} without their title line and the author line after it. */
    private static void addPoems(Path file, String className, List<String> classNames, List<String> texts, List<Integer> labels) {
        int label = classNames.size();
        classNames.add(className);
        for (List<String> lines : items(file)) {
            int start = 0;
            if (POEM_TITLE.matcher(lines.get(0)).matches()) {
                start++;
                if (lines.size() > 1 && lines.get(1).startsWith("作者")) {
                    start++;
                }
            }
            if (start < lines.size()) {
                texts.add(String.join("\n", lines.subList(start, lines.size())));
                labels.add(label);
            }
        }
    }

    /** The items of a fortune file (separated by lines holding only %), as trimmed non-blank lines without colour codes. */
    static List<List<String>> items(Path file) {
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<List<String>> items = new ArrayList<>();
        List<String> item = new ArrayList<>();
        for (String raw : content.split("\r?\n", -1)) {
            if (raw.equals("%")) {
                if (!item.isEmpty()) {
                    items.add(item);
                }
                item = new ArrayList<>();
                continue;
            }
            String line = ANSI.matcher(raw).replaceAll("").strip();
            if (!line.isEmpty()) {
                item.add(line);
            }
        }
        if (!item.isEmpty()) {
            items.add(item);
        }
        if (items.isEmpty()) {
            throw new InvalidInputException(file + " holds no items");
        }
        return items;
    }
}
