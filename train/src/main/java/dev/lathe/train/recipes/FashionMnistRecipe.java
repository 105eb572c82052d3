package dev.lathe.train.recipes;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.engine.Shapes;
import dev.lathe.train.data.ArrayDataset;
import dev.lathe.train.data.IdxReader;
import dev.lathe.train.data.NdArray;
import dev.lathe.train.data.Splits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fashion-MNIST: the official 60,000 training and 10,000 test images, [1, 28, 28] each, pixels
 * times {@code scale} (default 1/255). {@code classes} keeps those classes only, relabelled 0, 1, …
 * in the order given, with their names.
 */
public final class FashionMnistRecipe extends AptPackageRecipe implements ArrayRecipe {

    public static final String NAME = "fashion-mnist";
    public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final String PACKAGE = "dataset-fashion-mnist";

    private final Path directory;

    public FashionMnistRecipe() {
        this(DEBIAN_DIRECTORY);
    }

    /** Reads the four files from {@code directory} instead of the Debian one. */
    public FashionMnistRecipe(Path directory) {
        super(NAME, "Zalando's 28×28 grey clothing images, 10 classes: 60,000 training, 10,000 test", PACKAGE);
        this.directory = directory;
    }

    @Override
    public List<Path> requiredFiles() {
        return List.of(directory.resolve("train-images-idx3-ubyte.gz"), directory.resolve("train-labels-idx1-ubyte.gz"),
                directory.resolve("t10k-images-idx3-ubyte.gz"), directory.resolve("t10k-labels-idx1-ubyte.gz"));
    }

    @Override
    public Splits<ArrayDataset> load(RecipeOptions options) {
        options.acceptOnly(NAME, "classes", "scale");
        int[] classes = options.classes() == null ? allClasses() : checkedClasses(options.classes());
        double scale = options.scale() == null ? 1.0 / 255 : options.scale();
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new InvalidInputException(NAME + ": scale must be finite and positive, got " + scale);
        }
        requireAvailable();
        List<Path> files = requiredFiles();
        return new Splits<>(part(files.get(0), files.get(1), classes, scale), part(files.get(2), files.get(3), classes, scale));
    }

    private static ArrayDataset part(Path imageFile, Path labelFile, int[] classes, double scale) {
        NdArray images = IdxReader.read(imageFile);
        NdArray labelArray = IdxReader.read(labelFile);
        if (images.rank() != 3 || !images.isInteger()) {
            throw new InvalidInputException(imageFile + ": expected unsigned-byte images [count, rows, columns], got ["
                    + Shapes.format(images.shape()) + "]");
        }
        if (labelArray.rank() != 1 || !labelArray.isInteger()) {
            throw new InvalidInputException(labelFile + ": expected a vector of integer labels, got [" + Shapes.format(labelArray.shape()) + "]");
        }
        int[] dims = images.shape();
        int[] labels = labelArray.ints();
        int count = dims[0];
        if (labels.length != count) {
            throw new InvalidInputException(labelFile + " holds " + labels.length + " labels for the " + count + " images of " + imageFile);
        }
        int[] newLabel = new int[CLASS_NAMES.size()];
        Arrays.fill(newLabel, -1);
        for (int i = 0; i < classes.length; i++) {
            newLabel[classes[i]] = i;
        }
        int per = dims[1] * dims[2];
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (labels[i] >= CLASS_NAMES.size()) {
                throw new InvalidInputException(labelFile + ": label " + labels[i] + " of image " + i + " is not a Fashion-MNIST class (0–9)");
            }
            if (newLabel[labels[i]] >= 0) {
                kept++;
            }
        }
        int[] pixels = images.ints();
        float[] features = new float[kept * per];
        int[] keptLabels = new int[kept];
        for (int i = 0, k = 0; i < count; i++) {
            if (newLabel[labels[i]] < 0) {
                continue;
            }
            // in double, then rounded once: pixel / 255 as torchvision's float division gives it
            for (int p = 0; p < per; p++) {
                features[k * per + p] = (float) (pixels[i * per + p] * scale);
            }
            keptLabels[k++] = newLabel[labels[i]];
        }
        List<String> names = new ArrayList<>();
        for (int c : classes) {
            names.add(CLASS_NAMES.get(c));
        }
        return ArrayDataset.ofClasses(features, new int[] {1, dims[1], dims[2]}, keptLabels, names);
    }

    private static int[] allClasses() {
        int[] all = new int[CLASS_NAMES.size()];
        Arrays.setAll(all, c -> c);
        return all;
    }

    private static int[] checkedClasses(int[] classes) {
        boolean[] seen = new boolean[CLASS_NAMES.size()];
        for (int c : classes) {
            if (c < 0 || c >= CLASS_NAMES.size() || seen[c]) {
                throw new InvalidInputException(NAME + ": classes " + Arrays.toString(classes)
                        + (c < 0 || c >= CLASS_NAMES.size() ? " names " + c + ", not a class 0–9" : " repeats " + c));
            }
            seen[c] = true;
        }
        if (classes.length < 2) {
            throw new InvalidInputException(NAME + ": classes " + Arrays.toString(classes) + " needs at least two classes");
        }
        return classes.clone();
    }
}
