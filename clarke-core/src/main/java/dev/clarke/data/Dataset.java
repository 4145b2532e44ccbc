package dev.clarke.data;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;

/**
 * Samples with float features of a fixed shape and either integer class labels in [0, classes)
 * (classification) or one real-valued target each (regression, {@link #isRegression}; then every
 * label is 0 of 1 class).
 *
 * @param name        a short name for reports
 * @param features    the features, sample after sample, row-major
 * @param labels      the class of every sample
 * @param sampleShape the shape of one sample (e.g. [784], [1, 28, 28] or [2])
 * @param classes     the number of classes
 * @param targets     the real-valued target of every sample, or null for classification
 */
public record Dataset(String name, float[] features, int[] labels, Shape sampleShape, int classes, float[] targets) {

    /**
     * Checks the sizes, the labels and the targets.
     *
     * @param name a short name for reports
     * @param features the features, sample after sample
     * @param labels the class of every sample
     * @param sampleShape the shape of one sample
     * @param classes the number of classes
     * @param targets the real-valued target of every sample, or null
     */
    public Dataset {
        if (targets != null) {
            if (targets.length != labels.length) {
                throw new IllegalArgumentException(name + ": " + targets.length + " targets for " + labels.length + " samples");
            }
            for (int i = 0; i < targets.length; i++) {
                if (!Float.isFinite(targets[i])) {
                    throw new IllegalArgumentException(name + ": sample " + i + " has target " + targets[i] + ", not a finite number");
                }
            }
        }
        if ((long) labels.length * sampleShape.size() != features.length) {
            throw new IllegalArgumentException(name + ": " + features.length + " feature values for " + labels.length
                    + " samples of shape " + sampleShape);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(name + ": sample " + i + " has label " + labels[i] + ", outside [0, " + classes + ")");
            }
        }
    }

    /**
     * A classification data set.
     *
     * @param name a short name for reports
     * @param features the features, sample after sample
     * @param labels the class of every sample
     * @param sampleShape the shape of one sample
     * @param classes the number of classes
     */
    public Dataset(String name, float[] features, int[] labels, Shape sampleShape, int classes) {
        this(name, features, labels, sampleShape, classes, null);
    }

    /**
     * A regression data set: one real-valued target per sample.
     *
     * @param name a short name for reports
     * @param features the features, sample after sample
     * @param targets the target of every sample
     * @param sampleShape the shape of one sample
     * @return the data set
     */
    public static Dataset regression(String name, float[] features, float[] targets, Shape sampleShape) {
        return new Dataset(name, features, new int[targets.length], sampleShape, 1, targets.clone());
    }

    /**
     * Whether the samples have real-valued targets rather than classes.
     *
     * @return whether this is a regression data set
     */
    public boolean isRegression() {
        return targets != null;
    }

    /**
     * The targets of {@code index[from..to)} as a [to − from, 1] tensor (regression data sets only).
     *
     * @param index an order of the samples
     * @param from the first position in {@code index}
     * @param to the position after the last
     * @param dtype the tensor's dtype
     * @return the targets, one row per sample
     */
    public Tensor targets(int[] index, int from, int to, DType dtype) {
        if (targets == null) {
            throw new IllegalStateException(name + ": class labels, not real-valued targets (a classification data set)");
        }
        double[] out = new double[to - from];
        for (int r = 0; r < out.length; r++) {
            out[r] = targets[index[from + r]];
        }
        return Tensor.of(dtype, Shape.of(out.length, 1), out);
    }

    /**
     * These samples with other features of the same size (normalised ones, say), keeping labels and targets.
     *
     * @param newFeatures the features, sample after sample
     * @return the data set
     */
    public Dataset withFeatures(float[] newFeatures) {
        return new Dataset(name, newFeatures, labels, sampleShape, classes, targets);
    }

    /**
     * Number of samples.
     *
     * @return the number of samples
     */
    public int size() {
        return labels.length;
    }

    /**
     * Number of feature values per sample.
     *
     * @return the number of feature values per sample
     */
    public int featureSize() {
        return sampleShape.size();
    }

    /**
     * The feature value {@code j} of sample {@code i}.
     *
     * @param i the sample
     * @param j the feature
     * @return the value
     */
    public float feature(int i, int j) {
        return features[i * featureSize() + j];
    }

    /**
     * The samples {@code index[from..to)} as a tensor [to − from, ...sample shape] in {@code dtype}.
     *
     * @param index an order of the samples
     * @param from the first position in {@code index}
     * @param to the position after the last
     * @param dtype the tensor's dtype
     * @return the features of those samples
     */
    public Tensor batch(int[] index, int from, int to, DType dtype) {
        int f = featureSize();
        int n = to - from;
        int[] dims = new int[sampleShape.rank() + 1];
        dims[0] = n;
        for (int d = 0; d < sampleShape.rank(); d++) {
            dims[d + 1] = sampleShape.dim(d);
        }
        Shape s = Shape.of(dims);
        if (dtype == DType.F32) {
            float[] out = new float[n * f];
            for (int r = 0; r < n; r++) {
                System.arraycopy(features, index[from + r] * f, out, r * f, f);
            }
            return Tensor.wrap(s, DType.F32, out);
        }
        double[] out = new double[n * f];
        for (int r = 0; r < n; r++) {
            int o = index[from + r] * f;
            for (int j = 0; j < f; j++) {
                out[r * f + j] = features[o + j];
            }
        }
        return Tensor.of(dtype, s, out);
    }

    /**
     * The labels of {@code index[from..to)}.
     *
     * @param index an order of the samples
     * @param from the first position in {@code index}
     * @param to the position after the last
     * @return the labels of those samples
     */
    public int[] labels(int[] index, int from, int to) {
        int[] out = new int[to - from];
        for (int r = 0; r < out.length; r++) {
            out[r] = labels[index[from + r]];
        }
        return out;
    }

    /**
     * The samples at {@code index}, in that order.
     *
     * @param index the samples to keep
     * @param newName the subset's name
     * @return the subset
     */
    public Dataset subset(int[] index, String newName) {
        int f = featureSize();
        float[] x = new float[index.length * f];
        int[] y = new int[index.length];
        float[] t = targets == null ? null : new float[index.length];
        for (int r = 0; r < index.length; r++) {
            System.arraycopy(features, index[r] * f, x, r * f, f);
            y[r] = labels[index[r]];
            if (t != null) {
                t[r] = targets[index[r]];
            }
        }
        return new Dataset(newName, x, y, sampleShape, classes, t);
    }

    /**
     * The same data seen with another sample shape of the same size (e.g. [784] as [1, 28, 28]).
     *
     * @param newShape the new sample shape, of the same size
     * @return the same samples under the new shape
     */
    public Dataset reshape(Shape newShape) {
        if (newShape.size() != sampleShape.size()) {
            throw new IllegalArgumentException(name + ": cannot see samples of shape " + sampleShape + " as " + newShape);
        }
        return new Dataset(name, features, labels, newShape, classes, targets);
    }

    /**
     * The identity permutation 0..size−1.
     *
     * @return the indices 0..size−1
     */
    public int[] allIndices() {
        int[] idx = new int[size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        return idx;
    }
}
