package dev.clarke.train;

import dev.clarke.ad.KinkLog;
import dev.clarke.certify.Verdict;
import dev.clarke.nn.Sequential;
import java.util.EnumMap;
import java.util.Map;

/**
 * Kink counters of a training run, accumulated step by step from the trace's kink log after the
 * backward pass: per layer, the kink hits and the hits whose adjoint was non-zero (a non-zero adjoint
 * means the kink reaches the loss at first order, so the loss may not be differentiable there); the
 * number of steps with at least one such hit ({@code ndfSteps}); and the count of each certificate
 * verdict. Hits outside every layer (none for the analytic cross-entropy) are counted under no layer.
 */
public final class KinkTelemetry {

    private final int layers;
    private final long[] hits;
    private final long[] ndfHits;
    private final Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
    private long steps;
    private long ndfSteps;
    private long stepsWithHits;

    /**
     * Counters for a network of {@code layers} layers.
     *
     * @param layers the number of layers
     */
    public KinkTelemetry(int layers) {
        this.layers = layers;
        this.hits = new long[layers];
        this.ndfHits = new long[layers];
    }

    /**
     * Adds one step: its forward pass and its kink log after backward; {@code verdict} may be null.
     *
     * @param pass the step's forward pass
     * @param log its kink log
     * @param verdict its certificate's verdict, or null
     */
    public void record(Sequential.Pass pass, KinkLog log, Verdict verdict) {
        steps++;
        boolean ndf = false;
        for (int i = 0; i < log.size(); i++) {
            KinkLog.Hit h = log.get(i);
            int l = pass.layerOf(h.node());
            boolean nz = h.hasAdjoint() && h.adjoint() != 0;
            if (l >= 0) {
                hits[l]++;
                if (nz) {
                    ndfHits[l]++;
                }
            }
            ndf |= nz;
        }
        if (ndf) {
            ndfSteps++;
        }
        if (log.size() > 0) {
            stepsWithHits++;
        }
        if (verdict != null) {
            verdicts.merge(verdict, 1L, Long::sum);
        }
    }

    /**
     * Adds another telemetry's counts (same network).
     *
     * @param o the counts to add
     */
    public void add(KinkTelemetry o) {
        for (int l = 0; l < layers; l++) {
            hits[l] += o.hits[l];
            ndfHits[l] += o.ndfHits[l];
        }
        steps += o.steps;
        ndfSteps += o.ndfSteps;
        stepsWithHits += o.stepsWithHits;
        o.verdicts.forEach((v, n) -> verdicts.merge(v, n, Long::sum));
    }

    /**
     * Steps recorded.
     *
     * @return the number of steps
     */
    public long steps() {
        return steps;
    }

    /**
     * Kink hits of layer l.
     *
     * @param l the layer's index
     * @return its kink hits
     */
    public long hits(int l) {
        return hits[l];
    }

    /**
     * Hits of layer l with a non-zero adjoint.
     *
     * @param l the layer's index
     * @return its hits with a non-zero adjoint
     */
    public long ndfHits(int l) {
        return ndfHits[l];
    }

    /**
     * All kink hits.
     *
     * @return the number of hits
     */
    public long totalHits() {
        long n = 0;
        for (long h : hits) {
            n += h;
        }
        return n;
    }

    /**
     * All hits with a non-zero adjoint.
     *
     * @return the number of hits with a non-zero adjoint
     */
    public long totalNdfHits() {
        long n = 0;
        for (long h : ndfHits) {
            n += h;
        }
        return n;
    }

    /**
     * Steps with at least one hit of non-zero adjoint.
     *
     * @return the number of such steps
     */
    public long ndfSteps() {
        return ndfSteps;
    }

    /**
     * Steps with at least one kink hit.
     *
     * @return the number of such steps
     */
    public long stepsWithHits() {
        return stepsWithHits;
    }

    /**
     * How many gradients got each verdict (empty when not certified).
     *
     * @return the count of each verdict
     */
    public Map<Verdict, Long> verdicts() {
        return new EnumMap<>(verdicts);
    }

    /**
     * Number of layers.
     *
     * @return the number of layers
     */
    public int layers() {
        return layers;
    }
}
