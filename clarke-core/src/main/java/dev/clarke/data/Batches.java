package dev.clarke.data;

import java.util.SplittableRandom;

/**
 * Shuffling and batching: epoch e visits the samples in the order of a Fisher–Yates permutation drawn
 * from {@code SplittableRandom(seed + e)}, in batches of {@code batch} samples; the last batch of an
 * epoch is smaller when the batch size does not divide the data set (it is kept, not dropped).
 */
public final class Batches {

    private Batches() {
    }

    /**
     * The permutation of 0..n−1 of epoch {@code epoch} (from 0).
     *
     * @param n the number of samples
     * @param seed the shuffling seed
     * @param epoch the epoch
     * @return a permutation of 0..n−1
     */
    public static int[] permutation(int n, long seed, int epoch) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * Number of batches per epoch: ⌈n / batch⌉.
     *
     * @param n the number of samples
     * @param batch the batch size, at least 1
     * @return the number of batches
     */
    public static int count(int n, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batch);
        }
        return (n + batch - 1) / batch;
    }

    /**
     * The start of batch {@code b}.
     *
     * @param b the batch's index
     * @param batch the batch size
     * @return the index of its first sample in the epoch's order
     */
    public static int start(int b, int batch) {
        return b * batch;
    }

    /**
     * The end (exclusive) of batch {@code b} of {@code n} samples.
     *
     * @param b the batch's index
     * @param batch the batch size
     * @param n the number of samples
     * @return the index after its last sample in the epoch's order
     */
    public static int end(int b, int batch, int n) {
        return Math.min(n, (b + 1) * batch);
    }
}
