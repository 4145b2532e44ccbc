package dev.clarke.cli;

import java.io.Serializable;

/**
 * A command's work split into deterministic shards, for an engine that runs them anywhere
 * ({@link ShardEngine}): shard {@code k} is a pure function of the job and {@code k} (the same bits
 * whenever and wherever it runs, so a retried shard gives what the failed attempt would have), and
 * {@link #merge} is associative and commutative, so the engine may merge shard results in any grouping
 * and order. The merge of every shard's result is what the single-machine command computes.
 *
 * @param <R> the result of a shard, and of merged shards
 */
public interface ShardedJob<R extends Serializable> extends Serializable {

    /**
     * The number of shards.
     *
     * @return at least 1
     */
    int shards();

    /**
     * Computes shard {@code shard}.
     *
     * @param shard from 0 to {@link #shards()} - 1
     * @return its result
     */
    R compute(int shard);

    /**
     * Merges the results of disjoint sets of shards; may reuse either argument.
     *
     * @param a the result of some shards
     * @param b the result of other shards
     * @return the result of both sets
     */
    R merge(R a, R b);

    /**
     * What shard {@code shard} covers, for progress lines, e.g. "draws 0-24".
     *
     * @param shard from 0 to {@link #shards()} - 1
     * @return a short description
     */
    String describe(int shard);

    /**
     * The first unit of shard {@code k} when {@code units} units are cut into {@code shards} contiguous
     * ranges whose sizes differ by at most one (the first {@code units % shards} ranges one larger).
     *
     * @param units  the units of the whole job
     * @param shards the number of shards, from 1 to {@code units}
     * @param k      the shard, from 0 to {@code shards} (k = shards gives {@code units})
     * @return the first unit of shard k, or the end for k = shards
     */
    static long start(long units, int shards, int k) {
        return units / shards * k + Math.min(k, units % shards);
    }
}
