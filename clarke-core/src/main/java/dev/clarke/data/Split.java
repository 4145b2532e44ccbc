package dev.clarke.data;

/**
 * A train/test split: the samples are permuted by {@link Batches#permutation}(n, seed, 0) and the
 * first {@code trainCount} go to train, the rest to test. With a fixed seed the split is the same on
 * every run and machine.
 *
 * @param train the training samples
 * @param test  the held-out samples
 */
public record Split(Dataset train, Dataset test) {

    /** The seed of the fixed splits the CLI uses. */
    public static final long FIXED_SEED = 20_200_101L;

    /**
     * Splits {@code data} into {@code trainCount} training samples and the rest, by a permutation from {@code seed}.
     *
     * @param data the samples
     * @param trainCount how many go to training
     * @param seed the permutation's seed
     * @return the split
     */
    public static Split of(Dataset data, int trainCount, long seed) {
        if (trainCount < 1 || trainCount >= data.size()) {
            throw new IllegalArgumentException(data.name() + ": cannot split " + data.size() + " samples into "
                    + trainCount + " for training and at least one for testing");
        }
        int[] p = Batches.permutation(data.size(), seed, 0);
        int[] tr = java.util.Arrays.copyOfRange(p, 0, trainCount);
        int[] te = java.util.Arrays.copyOfRange(p, trainCount, p.length);
        return new Split(data.subset(tr, data.name() + " train"), data.subset(te, data.name() + " test"));
    }

    /**
     * A split that keeps a given fraction (e.g. 0.8) for training, at least one sample on each side.
     *
     * @param data the samples
     * @param trainFraction the fraction for training, e.g. 0.8
     * @param seed the permutation's seed
     * @return the split
     */
    public static Split fraction(Dataset data, double trainFraction, long seed) {
        int n = (int) Math.round(data.size() * trainFraction);
        return of(data, Math.max(1, Math.min(data.size() - 1, n)), seed);
    }
}
