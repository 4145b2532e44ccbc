package dev.clarke.data;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;

/**
 * Samples with float features of a fixed shape and integer class labels in [0, classes).
 *
 * @param name        a short name for reports
 * @param features    the features, sample after sample, row-major
 * @param labels      the class of every sample
 * @param sampleShape the shape of one sample (e.g. [784], [1, 28, 28] or [2])
 * @param classes     the number of classes
 */
public record Dataset(String name, float[] features, int[] labels, Shape sampleShape, int classes) {

    /**
     * Checks the sizes and the labels.
     *
     * @param name a short name for reports
     * @param features the features, sample after sample
     * @param labels the class of every sample
     * @param sampleShape the shape of one sample
     * @param classes the number of classes
     */
    public Dataset {
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
        for (int r = 0; r < index.length; r++) {
            System.arraycopy(features, index[r] * f, x, r * f, f);
            y[r] = labels[index[r]];
        }
        return new Dataset(newName, x, y, sampleShape, classes);
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
        return new Dataset(name, features, labels, newShape, classes);
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
