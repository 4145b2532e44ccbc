package dev.clarke.data;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The minibatches of one epoch over a data set, as an {@link Iterable}: shuffled by the permutation
 * {@link Batches#permutation}(n, seed, epoch), or in order, in batches of {@code batch} samples with a
 * smaller last batch when the size does not divide the data set. Every iteration yields the same
 * batches; the tensors are made as the iteration reaches them.
 *
 * <pre>{@code
 * for (int e = 1; e <= epochs; e++) {
 *     for (Minibatches.Batch b : Minibatches.shuffled(train, 64, DType.F32, seed, e)) {
 *         ... b.features() [≤ 64, ...sample shape], b.labels() ...
 *     }
 * }
 * }</pre>
 *
 * The order of {@code shuffled(data, batch, dtype, seed, e)} is the order in which
 * {@code dev.clarke.train.Trainer} visits epoch {@code e} (counted from 1) with that seed.
 */
public final class Minibatches implements Iterable<Minibatches.Batch> {

    /**
     * One minibatch.
     *
     * @param features the samples, [size, ...sample shape], in the loader's dtype
     * @param labels   their class labels
     * @param indices  their indices in the data set
     * @param targets  their real-valued targets [size, 1] of a regression data set, or null
     */
    public record Batch(Tensor features, int[] labels, int[] indices, Tensor targets) {

        /**
         * The number of samples.
         *
         * @return the number of samples
         */
        public int size() {
            return labels.length;
        }
    }

    private final Dataset data;
    private final int batch;
    private final DType dtype;
    private final int[] order;

    private Minibatches(Dataset data, int batch, DType dtype, int[] order) {
        Batches.count(data.size(), batch);   // checks the batch size
        this.data = data;
        this.batch = batch;
        this.dtype = dtype;
        this.order = order;
    }

    /**
     * The batches of epoch {@code epoch} in the order of a permutation drawn from {@code seed} and the epoch.
     *
     * @param data  the samples
     * @param batch the batch size, at least 1
     * @param dtype the dtype of the feature tensors
     * @param seed  the shuffling seed
     * @param epoch the epoch: each gets its own order
     * @return the batches
     */
    public static Minibatches shuffled(Dataset data, int batch, DType dtype, long seed, int epoch) {
        return new Minibatches(data, batch, dtype, Batches.permutation(data.size(), seed, epoch));
    }

    /**
     * The batches in the data set's order, e.g. for evaluation.
     *
     * @param data  the samples
     * @param batch the batch size, at least 1
     * @param dtype the dtype of the feature tensors
     * @return the batches
     */
    public static Minibatches inOrder(Dataset data, int batch, DType dtype) {
        return new Minibatches(data, batch, dtype, data.allIndices());
    }

    /**
     * The number of batches: ⌈n / batch⌉.
     *
     * @return the number of batches
     */
    public int count() {
        return Batches.count(data.size(), batch);
    }

    @Override
    public Iterator<Batch> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count();
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("all " + count() + " batches were returned");
                }
                int from = Batches.start(next, batch);
                int to = Batches.end(next, batch, data.size());
                next++;
                return new Batch(data.batch(order, from, to, dtype), data.labels(order, from, to),
                        java.util.Arrays.copyOfRange(order, from, to),
                        data.isRegression() ? data.targets(order, from, to, dtype) : null);
            }
        };
    }
}
