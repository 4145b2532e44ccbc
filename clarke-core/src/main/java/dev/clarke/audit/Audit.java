package dev.clarke.audit;

import dev.clarke.ad.Backward;
import dev.clarke.ad.Gradients;
import dev.clarke.ad.KinkLog;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.data.Batches;
import dev.clarke.nn.Loss;
import dev.clarke.onnx.OnnxModel;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs an imported model over a data set, batch by batch: per batch one forward and one backward
 * pass of the mean loss under the kink policy, its kink hits attributed to graph nodes, and (with
 * certificates on) a verdict from {@link BatchCertifier}. The result holds Clarke's gradient of the
 * mean loss over all samples by parameter name, the batches' weighted gradients summed along a fixed
 * pairwise tree ({@link PairwiseSum}), so that an audit split into batch ranges ({@link #runBatches},
 * {@link AuditShard#merge}) gives the same bits.
 *
 * <pre>{@code
 * OnnxModel m = OnnxModel.read(Path.of("model.onnx"));
 * AuditResult r = Audit.run(m, x, new Targets.Classes(labels),
 *         new Audit.Options(KinkPolicy.pytorch(), DType.F32, 0, true), Audit.Listener.NONE);
 * r.verdicts();   // e.g. {NONDIFFERENTIABLE_CLARKE=1}
 * }</pre>
 */
public final class Audit {

    /** Operators whose Clarke versions have kinks: listed in the per-node counts even without hits. */
    static final Set<String> PIECEWISE_OPS = Set.of("Relu", "LeakyRelu", "Clip", "HardSigmoid", "HardSwish", "Abs",
            "Max", "Min", "MaxPool");

    /** The most samples an audit takes. */
    public static final int MAX_SAMPLES = 1 << 24;

    /**
     * How to audit.
     *
     * @param policy       the kink policy of the gradients
     * @param dtype        the working precision
     * @param batchSize    samples per batch; 0 for all samples in one batch
     * @param certificates whether each batch gradient gets a certificate (a second pass); without,
     *                     a batch with no kink hit at all is still {@code DIFFERENTIABLE_CORRECT}
     */
    public record Options(KinkPolicy policy, DType dtype, int batchSize, boolean certificates) {
        /**
         * Checks the batch size.
         *
         * @param policy the kink policy of the gradients
         * @param dtype the working precision
         * @param batchSize samples per batch; 0 for all samples in one batch
         * @param certificates whether each batch gradient gets a certificate (a second pass);
         *     without, a batch with no kink hit at all is still {@code DIFFERENTIABLE_CORRECT}
         * @throws IllegalArgumentException if {@code batchSize} is negative
         */
        public Options {
            if (batchSize < 0) {
                throw new IllegalArgumentException("batch size must be positive (or 0 for one batch), got " + batchSize);
            }
        }
    }

    /** Told after every batch (progress). */
    public interface Listener {
        /** No progress reports. */
        Listener NONE = (done, total, seconds) -> { };

        /**
         * {@code done} of {@code total} batches finished, {@code seconds} after the start.
         *
         * @param done the number of batches finished, 1 to {@code total}
         * @param total the number of batches of the run
         * @param seconds the wall-clock time since the start, in seconds
         */
        void batchDone(int done, int total, double seconds);
    }

    private Audit() {
    }

    /**
     * Audits {@code model} on {@code inputs} [N, ...model.inputShape()] against {@code targets}.
     *
     * @param model the model to audit
     * @param inputs the samples, [N, ...model.inputShape()]
     * @param targets one target per sample, for the loss
     * @param o the policy, precision, batch size and whether to certify
     * @param listener told after every batch; {@link Listener#NONE} for none
     * @return the verdict of every batch, with counts of kink hits
     * @throws IllegalArgumentException for inputs that do not fit the model, NaN or infinite inputs,
     *                                  targets that do not fit the inputs or the model's output
     */
    public static AuditResult run(OnnxModel model, Tensor inputs, Targets targets, Options o, Listener listener) {
        return result(model, o, runBatches(model, inputs, targets, o, 0, batches(model, inputs, targets, o), listener));
    }

    /**
     * The number of batches an audit of {@code inputs} makes, after checking them as {@link #run} does.
     *
     * @param model   the model
     * @param inputs  the samples [N, ...model.inputShape()]
     * @param targets their labels or targets
     * @param o       how to audit (the batch size)
     * @return the number of batches
     * @throws IllegalArgumentException as {@link #run}
     */
    public static int batches(OnnxModel model, Tensor inputs, Targets targets, Options o) {
        int n = check(model, inputs, targets);
        return Batches.count(n, batchSize(n, o));
    }

    private static int batchSize(int n, Options o) {
        return o.batchSize() == 0 ? n : Math.min(o.batchSize(), n);
    }

    /**
     * Audits the batches {@code fromBatch} (inclusive) to {@code toBatch} (exclusive): a shard of {@link #run},
     * which depends on that range only. Shards of disjoint ranges {@link AuditShard#merge merge} into the
     * shard of their union, and {@link #result} of the shard of every batch is bit for bit {@link #run}'s.
     *
     * @param model     the model
     * @param inputs    the samples [N, ...model.inputShape()]
     * @param targets   their labels or targets
     * @param o         how to audit
     * @param fromBatch the first batch, from 0
     * @param toBatch   one past the last batch, at most {@link #batches}
     * @param listener  told after each batch of the range (done and total count the range's batches)
     * @return the shard
     * @throws IllegalArgumentException as {@link #run}, or for a range outside the batches
     */
    public static AuditShard runBatches(OnnxModel model, Tensor inputs, Targets targets, Options o, int fromBatch,
                                        int toBatch, Listener listener) {
        int n = check(model, inputs, targets);
        int batch = batchSize(n, o);
        int count = Batches.count(n, batch);
        if (fromBatch < 0 || fromBatch > toBatch || toBatch > count) {
            throw new IllegalArgumentException("batches [" + fromBatch + ", " + toBatch + ") are not within the "
                    + count + " batches");
        }
        List<Tensor> params = model.parameters();
        int length = 0;
        for (Tensor p : params) {
            length += p.size();
        }
        AuditShard shard = new AuditShard(n, count, model.nodes().size(), length);
        long start = System.nanoTime();
        for (int b = fromBatch; b < toBatch; b++) {
            int from = Batches.start(b, batch);
            int to = Batches.end(b, batch, n);
            Tensor x = Slices.slice(inputs, from, to);
            Loss loss = targets.loss(from, to);
            Trace t = new Trace(o.policy(), o.dtype());
            List<Var> leaves = new ArrayList<>();
            for (Tensor p : params) {
                leaves.add(t.input(p));
            }
            OnnxModel.Pass pass = model.forward(t, leaves, t.constant(x));
            Var f = loss.apply(pass.output());
            double value = f.item();
            Gradients g = t.grad(f, leaves, Backward.RELEASE);
            double w = (double) (to - from) / n;
            double[] weighted = new double[length];
            int k = 0;
            for (Var leaf : leaves) {
                Tensor gi = g.of(leaf);
                for (int i = 0; i < gi.size(); i++) {
                    weighted[k++] = 0.0 + w * gi.get(i);   // 0.0 + makes -0 a +0, as a running sum from 0 would
                }
            }
            long[] counted = attribute(t.kinks(), pass, shard.hits(), shard.ndfHits());
            BatchCertifier.Decision d = o.certificates()
                    ? BatchCertifier.certify(model, x, loss, o.policy(), o.dtype(), counted[0])
                    : BatchCertifier.fromHits(counted[0]);
            shard.add(new AuditResult.Batch(b, from, to, value, counted[0], counted[1], d.verdict(), d.reason()), weighted,
                    0.0 + w * value);
            listener.batchDone(b + 1 - fromBatch, toBatch - fromBatch, (System.nanoTime() - start) / 1e9);
        }
        return shard;
    }

    /**
     * The audit's result from the shard holding every batch (those of {@link #runBatches}, merged).
     *
     * @param model the audited model
     * @param o     the options the shards ran with
     * @param all   the merged shard
     * @return the result, as {@link #run} returns it
     * @throws IllegalArgumentException if some batch is missing
     */
    public static AuditResult result(OnnxModel model, Options o, AuditShard all) {
        if (all.batchesDone() != all.batchCount()) {
            throw new IllegalArgumentException("audit: " + all.batchesDone() + " of " + all.batchCount()
                    + " batches were audited; merge the shards of every batch first");
        }
        List<String> names = model.parameterNames();
        List<Tensor> params = model.parameters();
        double[] grad = all.gradient();
        Map<String, Tensor> gradient = new LinkedHashMap<>();
        int k = 0;
        for (int i = 0; i < params.size(); i++) {
            int size = params.get(i).size();
            if (!model.statisticNames().contains(names.get(i))) {   // running statistics are not trained
                gradient.put(names.get(i), Tensor.of(o.dtype(), params.get(i).shape(),
                        java.util.Arrays.copyOfRange(grad, k, k + size)));
            }
            k += size;
        }
        List<OnnxModel.NodeInfo> nodes = model.nodes();
        List<AuditResult.NodeHits> nodeHits = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            OnnxModel.NodeInfo ni = nodes.get(i);
            if (all.hits()[i] > 0 || PIECEWISE_OPS.contains(ni.opType())) {
                nodeHits.add(new AuditResult.NodeHits(ni.name(), ni.opType(), all.hits()[i], all.ndfHits()[i]));
            }
        }
        return new AuditResult(model.toString(), all.samples(), List.copyOf(all.batches()), List.copyOf(nodeHits),
                gradient, all.loss(), o.policy().name(), o.dtype().id());
    }

    /** Adds each hit of the log to its graph node's counts; returns {hits, non-zero-adjoint hits} of the graph. */
    private static long[] attribute(KinkLog log, OnnxModel.Pass pass, long[] hits, long[] ndf) {
        int[] startOf = pass.nodeStart();
        int[] endOf = pass.nodeEnd();
        long all = 0;
        long nonZero = 0;
        for (int h = 0; h < log.size(); h++) {
            KinkLog.Hit k = log.get(h);
            int node = k.node();
            int lo = 0;
            int hi = startOf.length - 1;
            int found = -1;
            while (lo <= hi) {   // graph nodes record consecutive, ascending trace ranges
                int mid = (lo + hi) >>> 1;
                if (node < startOf[mid]) {
                    hi = mid - 1;
                } else if (node >= endOf[mid]) {
                    lo = mid + 1;
                } else {
                    found = mid;
                    break;
                }
            }
            if (found < 0) {
                continue;   // the loss head
            }
            boolean nz = k.hasAdjoint() && k.adjoint() != 0;
            hits[found]++;
            all++;
            if (nz) {
                ndf[found]++;
                nonZero++;
            }
        }
        return new long[] {all, nonZero};
    }

    private static int check(OnnxModel model, Tensor inputs, Targets targets) {
        Shape s = inputs.shape();
        Shape want = model.inputShape();
        if (s.rank() != want.rank() + 1 || !Slices.sampleShape(s).equals(want)) {
            throw new IllegalArgumentException("the inputs have shape " + s + ", but the model takes [N"
                    + (want.rank() == 0 ? "" : ", " + want.toString().replace("[", "").replace("]", ""))
                    + "]: reshape the inputs or export the model for this input shape");
        }
        int n = s.dim(0);
        if (n < 1 || n > MAX_SAMPLES) {
            throw new IllegalArgumentException("the inputs hold " + n + " samples: 1.." + MAX_SAMPLES + " are supported");
        }
        int per = s.size() / n;
        for (int i = 0; i < inputs.size(); i++) {
            double v = inputs.get(i);
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("input sample " + i / per + ", element " + i % per + " is " + v
                        + ": clean the inputs (no NaN or infinity)");
            }
        }
        if (targets.size() != n) {
            throw new IllegalArgumentException(targets.size() + " labels for " + n + " input samples: give one per sample");
        }
        targets.check(model.outputShape());
        return n;
    }
}
