package dev.lathe.train;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.layers.bert.Bert;
import dev.lathe.layers.spec.DataSpec;
import dev.lathe.layers.spec.LossSpec;
import dev.lathe.layers.spec.Model;
import dev.lathe.layers.spec.TrainingSpec;
import dev.lathe.train.data.ArrayDataset;
import dev.lathe.train.data.CsvReader;
import dev.lathe.train.data.IdxReader;
import dev.lathe.train.data.JsonlReader;
import dev.lathe.train.data.NpyReader;
import dev.lathe.train.data.Splits;
import dev.lathe.train.data.TextCorpus;
import dev.lathe.train.data.TsvReader;
import dev.lathe.train.data.text.CharVocabulary;
import dev.lathe.train.data.text.TextEncoder;
import dev.lathe.train.data.text.Tokenizer;
import dev.lathe.train.data.text.WordPiece;
import dev.lathe.train.data.text.WordVocabulary;
import dev.lathe.train.recipes.ArrayRecipe;
import dev.lathe.train.recipes.DatasetRecipe;
import dev.lathe.train.recipes.DatasetRecipes;
import dev.lathe.train.recipes.RecipeOptions;
import dev.lathe.train.recipes.StratifiedSplit;
import dev.lathe.train.recipes.TextRecipe;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a spec's {@code data} section into training and test datasets: a dataset recipe, or files
 * in a generic format (idx, npy, csv, tsv, jsonl; relative to the spec's folder). Texts are
 * tokenised with a vocabulary built from the training texts (word, char) or read from a BERT
 * vocab.txt (wordpiece), to the model's input length.
 */
public final class DataSources {

    /** The datasets (test may be null) and, for text, the text encoder (for predicting on new text). */
    public record Loaded(ArrayDataset train, ArrayDataset test, TextEncoder encoder) {
    }

    /** How the model reads samples: its input length, and whether it is BERT ([CLS] text [SEP]). */
    public record ModelInput(int length, boolean bert, boolean regression) {
    }

    private DataSources() {
    }

    /** The data a spec-built model trains on: its spec's {@code training.data}, read for the model's input. */
    public static Loaded forModel(Model model, Path specFolder, boolean install) {
        TrainingSpec training = model.spec().training();
        if (training == null) {
            throw new InvalidInputException("the spec has no training section, so no data to load");
        }
        return load(training.data(), specFolder, inputOf(model), install);
    }

    /** How {@code model} reads samples. */
    public static ModelInput inputOf(Model model) {
        boolean bert = model.network().layerList().get(0) instanceof Bert;
        boolean regression = model.spec().training() != null && model.spec().training().loss().type() == LossSpec.Kind.MSE;
        return new ModelInput(model.spec().input().shape()[0], bert, regression);
    }

    public static Loaded load(DataSpec data, Path folder, ModelInput input, boolean install) {
        if (data == null) {
            throw new InvalidInputException("the spec's training section has no \"data\": say which dataset to train on");
        }
        String name = data.dataset();
        if (DatasetRecipes.names().contains(name)) {
            return fromRecipe(DatasetRecipes.get(name), data, folder, input, install);
        }
        return switch (name) {
            case "idx", "npy" -> arrays(data, folder, name);
            case "csv" -> csv(data, folder, input.regression());
            case "tsv", "jsonl" -> texts(data, folder, name, input);
            default -> throw new InvalidInputException("unknown dataset '" + name + "': use a recipe (" + String.join(", ", DatasetRecipes.names())
                    + ") or a format (idx, npy, csv, tsv, jsonl)");
        };
    }

    private static Loaded fromRecipe(DatasetRecipe recipe, DataSpec data, Path folder, ModelInput input, boolean install) {
        if (install && !recipe.available()) {
            recipe.install();
        }
        recipe.requireAvailable();
        RecipeOptions options = RecipeOptions.of(data);
        if (recipe instanceof ArrayRecipe arrays) {
            Splits<ArrayDataset> splits = arrays.load(options);
            return new Loaded(splits.train(), splits.test(), null);
        }
        return encode(((TextRecipe) recipe).load(options), data, input, folder);
    }

    private static Loaded arrays(DataSpec data, Path folder, String format) {
        float scale = data.scale() == null ? 1 : data.scale().floatValue();
        ArrayDataset train = readArrays(format, file(folder, data.train(), "train"), file(folder, data.trainLabels(), "train_labels"), scale);
        ArrayDataset test = data.test() == null ? null
                : readArrays(format, file(folder, data.test(), "test"), file(folder, data.testLabels(), "test_labels"), scale);
        return heldOut(train, test, data);
    }

    private static ArrayDataset readArrays(String format, Path features, Path labels, float scale) {
        return format.equals("idx") ? IdxReader.dataset(features, labels, scale) : NpyReader.dataset(features, labels, scale);
    }

    private static Loaded csv(DataSpec data, Path folder, boolean regression) {
        Path trainFile = file(folder, data.train(), "train");
        ArrayDataset train = regression ? CsvReader.readValues(trainFile, data.labelColumn())
                : CsvReader.readClasses(trainFile, data.labelColumn(), null);
        ArrayDataset test = null;
        if (data.test() != null) {
            Path testFile = file(folder, data.test(), "test");
            test = regression ? CsvReader.readValues(testFile, data.labelColumn())
                    : CsvReader.readClasses(testFile, data.labelColumn(), train.classNames());
        }
        return heldOut(train, test, data);
    }

    /** With no test file, a test_fraction holds out a stratified, seeded share of the training data. */
    private static Loaded heldOut(ArrayDataset train, ArrayDataset test, DataSpec data) {
        if (test != null || data.testFraction() == null) {
            return new Loaded(train, test, null);
        }
        if (!train.hasClasses()) {
            int cut = (int) Math.round(train.size() * (1 - data.testFraction()));
            return new Loaded(train.range(0, cut), train.range(cut, train.size()), null);
        }
        Splits<int[]> parts = StratifiedSplit.indices(train.labels(), train.classNames().size(), data.testFraction(), seed(data));
        return new Loaded(train.subset(parts.train()), train.subset(parts.test()), null);
    }

    private static Loaded texts(DataSpec data, Path folder, String format, ModelInput input) {
        Path trainFile = file(folder, data.train(), "train");
        TextCorpus train = readTexts(format, trainFile, data, null);
        TextCorpus test = data.test() == null ? null : readTexts(format, file(folder, data.test(), "test"), data, train.classNames());
        Splits<TextCorpus> splits = test != null || data.testFraction() == null ? new Splits<>(train, test)
                : StratifiedSplit.split(train, data.testFraction(), seed(data));
        return encode(splits, data, input, folder);
    }

    private static TextCorpus readTexts(String format, Path file, DataSpec data, List<String> classNames) {
        if (format.equals("tsv")) {
            return TsvReader.read(file, classNames);
        }
        return JsonlReader.read(file, data.textColumn() == null ? JsonlReader.TEXT : data.textColumn(),
                data.labelColumn() == null ? JsonlReader.LABEL : data.labelColumn(), JsonlReader.PAIR, classNames);
    }

    private static Loaded encode(Splits<TextCorpus> splits, DataSpec data, ModelInput input, Path folder) {
        int length = data.maxLength() == null ? input.length() : data.maxLength();
        if (length != input.length()) {
            throw new InvalidInputException("data.max_length " + length + " differs from the model's input length " + input.length());
        }
        Tokenizer tokenizer = tokenizer(data, splits.train(), folder);
        TextEncoder encoder = new TextEncoder(tokenizer, length, input.bert());
        return new Loaded(encoder.encode(splits.train()), splits.test() == null ? null : encoder.encode(splits.test()), encoder);
    }

    private static Tokenizer tokenizer(DataSpec data, TextCorpus train, Path folder) {
        String kind = data.tokenizer() == null ? "word" : data.tokenizer();
        return switch (kind) {
            case "word" -> WordVocabulary.build(train.texts(), required(data.vocabSize(), "vocab_size", kind));
            case "char" -> CharVocabulary.build(train.texts(), required(data.vocabSize(), "vocab_size", kind));
            // lower-casing is on unless turned off, as in Hugging Face's BertTokenizer (do_lower_case=True)
            case "wordpiece" -> WordPiece.load(file(folder, data.vocab(), "vocab"), data.lowercase() == null || data.lowercase());
            default -> throw new InvalidInputException("data.tokenizer must be word, char or wordpiece, got '" + kind + "'");
        };
    }

    private static int required(Integer value, String field, String tokenizer) {
        if (value == null) {
            throw new InvalidInputException("data." + field + " is required with the " + tokenizer + " tokenizer");
        }
        return value;
    }

    private static long seed(DataSpec data) {
        return data.splitSeed() == null ? 0 : data.splitSeed();
    }

    private static Path file(Path folder, String name, String field) {
        if (name == null) {
            throw new InvalidInputException("data." + field + " is required for this dataset");
        }
        Path path = Path.of(name);
        return folder == null || path.isAbsolute() ? path : folder.resolve(path);
    }
}
