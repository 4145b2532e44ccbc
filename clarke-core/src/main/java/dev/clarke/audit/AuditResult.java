package dev.clarke.audit;

import dev.clarke.certify.Verdict;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * What an {@link Audit} found.
 *
 * @param model    the model's description
 * @param samples  the number of samples
 * @param batches  every batch, in order
 * @param nodes    kink hits per graph node that can have kinks (or had hits), in graph order
 * @param gradient Clarke's gradient of the mean loss over all samples, by parameter name (for one
 *                 batch, that batch's gradient); batch normalisation's running statistics, which are
 *                 not trained, are left out
 * @param loss     the mean loss over all samples
 * @param policy   the kink policy's name
 * @param dtype    the working precision's id
 */
public record AuditResult(String model, int samples, List<Batch> batches, List<NodeHits> nodes,
                          Map<String, Tensor> gradient, double loss, String policy, String dtype) {

    /**
     * One batch.
     *
     * @param index   its position, from 0
     * @param from    its first sample
     * @param to      one past its last sample
     * @param loss    its mean loss
     * @param hits    its kink hits
     * @param ndfHits its hits whose adjoint is non-zero
     * @param verdict the verdict on its gradient
     * @param reason  why the verdict holds (or why it is UNKNOWN)
     * @serial exclude (shipped between JVMs of one build, not a stored format)
     */
    public record Batch(int index, int from, int to, double loss, long hits, long ndfHits, Verdict verdict, String reason)
            implements java.io.Serializable {
    }

    /**
     * The kink hits of one graph node, summed over the batches.
     *
     * @param name    the node's name in the file
     * @param op      its ONNX operator
     * @param hits    its kink hits
     * @param ndfHits its hits whose adjoint is non-zero
     */
    public record NodeHits(String name, String op, long hits, long ndfHits) {
    }

    /**
     * {@return how many batches got each verdict (verdicts no batch got are absent), in the enum's
     * order}
     */
    public Map<Verdict, Integer> verdicts() {
        Map<Verdict, Integer> m = new java.util.EnumMap<>(Verdict.class);
        for (Batch b : batches) {
            m.merge(b.verdict(), 1, Integer::sum);
        }
        return m;
    }

    /** {@return the number of kink hits over all batches} */
    public long kinkHits() {
        return batches.stream().mapToLong(Batch::hits).sum();
    }

    /**
     * {@return the number of kink hits with a non-zero adjoint over all batches (where AD's
     * gradient may be wrong)}
     */
    public long ndfHits() {
        return batches.stream().mapToLong(Batch::ndfHits).sum();
    }
}
