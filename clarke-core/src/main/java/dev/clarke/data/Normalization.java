package dev.clarke.data;

/**
 * Per-feature standardisation x ← (x − μ_j)/σ_j with the mean μ_j and the population standard
 * deviation σ_j of feature j over the training samples only (so nothing of the test set leaks into
 * training); a constant feature (σ_j = 0) is only centred.
 *
 * @param mean the per-feature means
 * @param std  the per-feature standard deviations (0 for constant features)
 */
public record Normalization(double[] mean, double[] std) {

    /**
     * The statistics of {@code train}.
     *
     * @param train the training samples
     * @return their per-feature mean and deviation
     */
    public static Normalization fit(Dataset train) {
        int f = train.featureSize();
        int n = train.size();
        double[] mu = new double[f];
        double[] sd = new double[f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                mu[j] += train.feature(i, j);
            }
        }
        for (int j = 0; j < f; j++) {
            mu[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                double d = train.feature(i, j) - mu[j];
                sd[j] += d * d;
            }
        }
        for (int j = 0; j < f; j++) {
            sd[j] = Math.sqrt(sd[j] / n);
        }
        return new Normalization(mu, sd);
    }

    /**
     * {@code data} standardised with these statistics.
     *
     * @param data the samples to standardise
     * @return the standardised copy
     */
    public Dataset apply(Dataset data) {
        int f = data.featureSize();
        if (f != mean.length) {
            throw new IllegalArgumentException("normalisation fitted on " + mean.length + " features, data has " + f);
        }
        float[] x = data.features().clone();
        for (int i = 0; i < data.size(); i++) {
            for (int j = 0; j < f; j++) {
                double c = x[i * f + j] - mean[j];
                x[i * f + j] = (float) (std[j] > 0 ? c / std[j] : c);
            }
        }
        return data.withFeatures(x);
    }

    /**
     * Fits on the train part of {@code split} and standardises both parts.
     *
     * @param split the split
     * @return the standardised split
     */
    public static Split standardize(Split split) {
        Normalization n = fit(split.train());
        return new Split(n.apply(split.train()), n.apply(split.test()));
    }
}
