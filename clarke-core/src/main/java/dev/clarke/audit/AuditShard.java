package dev.clarke.audit;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What an audit found over some of its batches: their records, the kink hits per graph node, and the
 * partial sums of the gradient and of the loss ({@link PairwiseSum}). {@link Audit#runBatches} makes
 * one for a range of batches; {@link #merge} joins shards of disjoint batches, in any grouping and any
 * order, into exactly what one run over all of them makes; {@link Audit#result} turns the shard
 * holding every batch into the {@link AuditResult}.
 */
public final class AuditShard implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The audit's samples. */
    private final int samples;
    /** The audit's batches. */
    private final int batchCount;
    /** The records of the batches done, in batch order after a merge. */
    private final List<AuditResult.Batch> batches;
    /** Kink hits per graph node over the batches done. */
    private final long[] hits;
    /** Kink hits with a non-zero adjoint per graph node over the batches done. */
    private final long[] ndfHits;
    /** The weighted batch gradients (every parameter, flat), partly summed. */
    private final PairwiseSum gradient;
    /** The weighted batch losses, partly summed. */
    private final PairwiseSum loss;

    AuditShard(int samples, int batchCount, int nodes, int parameters) {
        this.samples = samples;
        this.batchCount = batchCount;
        this.batches = new ArrayList<>();
        this.hits = new long[nodes];
        this.ndfHits = new long[nodes];
        this.gradient = new PairwiseSum(batchCount, parameters);
        this.loss = new PairwiseSum(batchCount, 1);
    }

    /** Records batch {@code b}: its record, its weighted gradient (flat, every parameter) and weighted loss. */
    void add(AuditResult.Batch b, double[] weightedGradient, double weightedLoss) {
        batches.add(b);
        gradient.add(b.index(), weightedGradient);
        loss.add(b.index(), new double[] {weightedLoss});
    }

    long[] hits() {
        return hits;
    }

    long[] ndfHits() {
        return ndfHits;
    }

    /**
     * Adds the batches of {@code other}, a shard of the same audit over other batches: the records are
     * joined in batch order, the hit counts added, the partial sums merged along their fixed tree.
     *
     * @param other a shard of other batches (left unchanged)
     * @return this
     * @throws IllegalArgumentException if the shards belong to different audits or share a batch
     */
    public AuditShard merge(AuditShard other) {
        if (other.samples != samples || other.batchCount != batchCount || other.hits.length != hits.length) {
            throw new IllegalArgumentException("audit: cannot merge shards of different audits");
        }
        gradient.merge(other.gradient);
        loss.merge(other.loss);
        for (int i = 0; i < hits.length; i++) {
            hits[i] += other.hits[i];
            ndfHits[i] += other.ndfHits[i];
        }
        batches.addAll(other.batches);
        batches.sort(Comparator.comparingInt(AuditResult.Batch::index));
        return this;
    }

    /**
     * The number of batches recorded so far.
     *
     * @return the batches of this shard and of those merged into it
     */
    public int batchesDone() {
        return batches.size();
    }

    /**
     * The number of batches of the whole audit.
     *
     * @return its batch count
     */
    public int batchCount() {
        return batchCount;
    }

    int samples() {
        return samples;
    }

    List<AuditResult.Batch> batches() {
        return batches;
    }

    double[] gradient() {
        return gradient.total();
    }

    double loss() {
        return loss.total()[0];
    }
}
