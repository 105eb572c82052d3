package dev.lathe.train.recipes;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.train.data.Splits;
import dev.lathe.train.data.TextCorpus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * WordNet noun glosses labelled by lexicographer file (noun.artifact, noun.person, …): the
 * {@code top_classes} most frequent files (10 by default; ties go to the lower file number),
 * classes ordered by file number, at most {@code per_class} glosses each (2,500 by default, drawn
 * with {@code split_seed}; smaller classes keep all), and a stratified, seeded test part
 * ({@code test_fraction} 0.2). A gloss is cut before its usage examples.
 */
public final class WordNetNounsRecipe extends AptPackageRecipe implements TextRecipe {

    public static final String NAME = "wordnet-nouns";
    public static final Path DEBIAN_FILE = Path.of("/usr/share/wordnet/data.noun");
    /** Lexicographer files 03 … 28, as WordNet's lexnames(5) lists them. */
    public static final List<String> LEXICOGRAPHER_FILES = List.of(
            "noun.Tops", "noun.act", "noun.animal", "noun.artifact", "noun.attribute", "noun.body", "noun.cognition",
            "noun.communication", "noun.event", "noun.feeling", "noun.food", "noun.group", "noun.location", "noun.motive",
            "noun.object", "noun.person", "noun.phenomenon", "noun.plant", "noun.possession", "noun.process",
            "noun.quantity", "noun.relation", "noun.shape", "noun.state", "noun.substance", "noun.time");

    private static final int FIRST_FILE = 3;
    private static final String PACKAGE = "wordnet-base";

    private final Path file;

    public WordNetNounsRecipe() {
        this(DEBIAN_FILE);
    }

    /** Reads {@code file} instead of the Debian data.noun. */
    public WordNetNounsRecipe(Path file) {
        super(NAME, "WordNet noun glosses by lexicographer class: 10 most frequent classes, 2,500 each; stratified 20 % test part", PACKAGE);
        this.file = file;
    }

    @Override
    public List<Path> requiredFiles() {
        return List.of(file);
    }

    @Override
    public Splits<TextCorpus> load(RecipeOptions options) {
        options.acceptOnly(NAME, "top_classes", "per_class", "test_fraction", "split_seed");
        int top = RecipeOptions.atLeast(NAME, "top_classes", options.topClasses(), 10, 2);
        int perClass = RecipeOptions.atLeast(NAME, "per_class", options.perClass(), 2500, 1);
        double fraction = options.testFractionOr(NAME, 0.2);
        long seed = options.splitSeedOr(0);
        requireAvailable();
        TextCorpus all = read(file);
        TextCorpus chosen = mostFrequent(all, top);
        int[] kept = StratifiedSplit.sample(chosen.labels(), chosen.classNames().size(), perClass, seed);
        return StratifiedSplit.split(StratifiedSplit.subset(chosen, kept), fraction, seed);
    }

    /** Every synset's gloss labelled with its lexicographer file (all 26 classes). */
    static TextCorpus read(Path file) {
        List<String> glosses = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                // the licence header's lines start with two spaces
                if (line.startsWith("  ") || line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(" ", 3);
                int bar = line.indexOf(" | ");
                if (fields.length < 3 || bar < 0 || !fields[1].matches("\\d\\d")) {
                    throw new InvalidInputException(file + " line " + number + ": not a WordNet synset line (offset, 2-digit "
                            + "lexicographer file, …, | gloss)");
                }
                int lexFile = Integer.parseInt(fields[1]);
                if (lexFile < FIRST_FILE || lexFile >= FIRST_FILE + LEXICOGRAPHER_FILES.size()) {
                    throw new InvalidInputException(file + " line " + number + ": lexicographer file " + fields[1]
                            + " is not a noun class (03–28)");
                }
                String gloss = line.substring(bar + 3);
                int examples = gloss.indexOf("; \"");
                glosses.add((examples >= 0 ? gloss.substring(0, examples) : gloss).strip());
                labels.add(lexFile - FIRST_FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (glosses.isEmpty()) {
            throw new InvalidInputException(file + " holds no synsets");
        }
        return new TextCorpus(glosses, null, labels.stream().mapToInt(Integer::intValue).toArray(), LEXICOGRAPHER_FILES);
    }

    /** The glosses of the {@code top} most frequent classes, relabelled in class order. */
    private static TextCorpus mostFrequent(TextCorpus all, int top) {
        int classes = all.classNames().size();
        int[] counts = new int[classes];
        for (int label : all.labels()) {
            counts[label]++;
        }
        int present = (int) Arrays.stream(counts).filter(c -> c > 0).count();
        if (top > present) {
            throw new InvalidInputException(NAME + ": top_classes " + top + " is more than the " + present + " noun classes in "
                    + "the data");
        }
        Integer[] order = new Integer[classes];
        Arrays.setAll(order, c -> c);
        Arrays.sort(order, (a, b) -> counts[a] != counts[b] ? Integer.compare(counts[b], counts[a]) : Integer.compare(a, b));
        int[] chosen = Arrays.stream(order, 0, top).mapToInt(Integer::intValue).sorted().toArray();
        int[] newLabel = new int[classes];
        Arrays.fill(newLabel, -1);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < chosen.length; i++) {
            newLabel[chosen[i]] = i;
            names.add(all.classNames().get(chosen[i]));
        }
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            int label = newLabel[all.labels()[i]];
            if (label >= 0) {
                texts.add(all.texts().get(i));
                labels.add(label);
            }
        }
        return new TextCorpus(texts, null, labels.stream().mapToInt(Integer::intValue).toArray(), names);
    }
}
