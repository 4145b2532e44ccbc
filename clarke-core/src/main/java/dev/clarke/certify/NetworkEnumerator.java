package dev.clarke.certify;

import dev.clarke.nn.Loss;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Exhaustive comparison of the {@link NetworkCertificate} with the exact {@link NetworkOracle} on a
 * tiny network (sum head): every parameter ranges over a finite {@link ValueSet}, and at every point
 * the oracle decides differentiability and AD's correctness while the certificate (F64 passes)
 * gives its verdict. A definite verdict the oracle contradicts is <em>unsound</em>:
 * DIFFERENTIABLE_CORRECT where f is not differentiable or ∇f differs from AD's value;
 * NONDIFFERENTIABLE_CLARKE where f is differentiable; NONDIFFERENTIABLE_CLARKE or CLARKE whose
 * witness the oracle does not confirm (AD's value ≠ Σ_σ weight(σ)·lim ∇f along σ).
 */
public final class NetworkEnumerator {

    /**
     * The counts.
     *
     * @param total      |Ω|
     * @param kinkHit    points where some activation sits on a kink or some window has a tie
     * @param ndf        points where f is not differentiable
     * @param inc        differentiable points where AD's value is not ∇f
     * @param verdicts   how many points got each certificate verdict
     * @param unsound    points where a definite verdict is contradicted by the oracle
     * @param adMismatch points where the F64 gradient differs from the exact AD gradient beyond rounding
     * @serial exclude (shipped between JVMs of one build, not a stored format)
     */
    public record Result(long total, long kinkHit, long ndf, long inc, Map<Verdict, Long> verdicts, long unsound,
                         long adMismatch) implements java.io.Serializable {

        /**
         * Copies {@code verdicts} into an enum map.
         *
         * @param total      |Ω|, or the points of a range
         * @param kinkHit    points where some activation sits on a kink or some window has a tie
         * @param ndf        points where f is not differentiable
         * @param inc        differentiable points where AD's value is not ∇f
         * @param verdicts   how many points got each certificate verdict
         * @param unsound    points where a definite verdict is contradicted by the oracle
         * @param adMismatch points where the F64 gradient differs from the exact AD gradient beyond rounding
         */
        public Result {
            verdicts = verdicts.isEmpty() ? new EnumMap<>(Verdict.class) : new EnumMap<>(verdicts);
        }

        /**
         * The counts of both ranges (disjoint point ranges of one enumeration): sums, so the merge is
         * associative, commutative and exact.
         *
         * @param o the counts of another range
         * @return the sums
         */
        public Result plus(Result o) {
            Map<Verdict, Long> v = new EnumMap<>(Verdict.class);
            v.putAll(verdicts);
            o.verdicts.forEach((k, n) -> v.merge(k, n, Long::sum));
            return new Result(total + o.total, kinkHit + o.kinkHit, ndf + o.ndf, inc + o.inc, v, unsound + o.unsound,
                    adMismatch + o.adMismatch);
        }
    }

    /** The largest |Ω| accepted. */
    public static final long MAX_POINTS = 5_000_000;

    private final Sequential net;
    private final Rational[][] x;
    private final ValueSet values;
    private final KinkPolicy policy;

    /**
     * @param net    the network, evaluated with the sum head f = Σ outputs
     * @param x      the samples, each flat in the network's sample shape
     * @param values the value set of every parameter (exact in double)
     * @param policy the kink policy of AD
     */
    public NetworkEnumerator(Sequential net, Rational[][] x, ValueSet values, KinkPolicy policy) {
        if (!values.exactInDouble()) {
            throw new IllegalArgumentException("enumerate: the certificate check needs values exact in double");
        }
        this.net = net;
        this.x = x;
        this.values = values;
        this.policy = policy;
    }

    private java.util.function.LongConsumer progress = done -> { };

    /**
     * Calls {@code progress} with the number of points done, every 2¹⁰ points and at the end;
     * returns this.
     *
     * @param progress receives the number of points done so far
     * @return this enumerator, for chaining
     */
    public NetworkEnumerator onProgress(java.util.function.LongConsumer progress) {
        this.progress = progress;
        return this;
    }

    /** {@return |Ω| = |M|^P, the number of parameter points to enumerate} */
    public BigInteger size() {
        return BigInteger.valueOf(values.size()).pow(Math.toIntExact(net.parameterCount()));
    }

    /** {@return the counts over every point of Ω} */
    public Result run() {
        return run(0, checkedSize());
    }

    /**
     * |Ω|.
     *
     * @return |M|^P
     * @throws IllegalArgumentException past {@link #MAX_POINTS}
     */
    public long checkedSize() {
        if (size().compareTo(BigInteger.valueOf(MAX_POINTS)) > 0) {
            throw new IllegalArgumentException("enumerate: " + size() + " points, more than " + MAX_POINTS
                    + ": use a smaller value set or a smaller network");
        }
        return size().longValueExact();
    }

    /**
     * Counts the points of index {@code from} (inclusive) to {@code to} (exclusive) in the odometer's order:
     * one shard of {@link #run()}, merged with the others by {@link Result#plus}.
     *
     * @param from the first point's index, from 0
     * @param to   one past the last point's index, at most {@link #checkedSize}
     * @return the counts of those points
     */
    public Result run(long from, long to) {
        long size = checkedSize();
        if (from < 0 || from > to || to > size) {
            throw new IllegalArgumentException("enumerate: the range [" + from + ", " + to + ") is not within the "
                    + size + " points");
        }
        if (from == to) {
            return new Result(0, 0, 0, 0, Map.of(), 0, 0);
        }
        NetworkOracle oracle = new NetworkOracle(net, x);
        int p = oracle.parameterCount();
        ValuePoints points = new ValuePoints(values, p, from);
        Rational[] w = points.exact();
        double[] wd = points.doubles();
        Tensor xt = inputs();
        long total = 0;
        long hit = 0;
        long ndf = 0;
        long inc = 0;
        long unsound = 0;
        long adMismatch = 0;
        Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
        while (true) {
            total++;
            Rational[] ad = oracle.adGradient(w, policy);
            ExactOracle.Decision dec = oracle.kinkHit(w) ? oracle.decide(w) : null;
            boolean diff = dec == null || dec.differentiable();
            Rational[] grad = dec == null ? ad : dec.gradient();
            if (dec != null) {
                hit++;
            }
            if (!diff) {
                ndf++;
            } else if (!Arrays.equals(grad, ad)) {
                inc++;
            }
            NetworkCertificate c = NetworkCertificate.compute(net, tensors(wd), xt, Loss.sum(), policy, DType.F64);
            verdicts.merge(c.verdict(), 1L, Long::sum);
            if (!closeTo(c.gradient(), ad)) {
                adMismatch++;
            }
            if (!agrees(c, diff, grad, ad, oracle, w)) {
                unsound++;
            }
            if ((total & 1023) == 0) {
                progress.accept(total);
            }
            if (from + total == to) {
                break;
            }
            points.next();
        }
        progress.accept(total);
        return new Result(total, hit, ndf, inc, verdicts, unsound, adMismatch);
    }

    /** Whether the certificate's definite claims hold according to the oracle. */
    private boolean agrees(NetworkCertificate c, boolean diff, Rational[] grad, Rational[] ad, NetworkOracle oracle,
                           Rational[] w) {
        if (c.differentiable() != null && c.differentiable() != diff) {
            return false;
        }
        switch (c.verdict()) {
            case DIFFERENTIABLE_CORRECT: return diff && Arrays.equals(grad, ad);
            case NONDIFFERENTIABLE_CLARKE: return !diff && oracle.witnessHolds(w, policy, c.witness().orElseThrow());
            case CLARKE: return oracle.witnessHolds(w, policy, c.witness().orElseThrow());
            default: return true;
        }
    }

    private List<Tensor> tensors(double[] flat) {
        List<Tensor> out = new ArrayList<>();
        int o = 0;
        for (Shape s : net.parameterShapes()) {
            out.add(Tensor.of(DType.F64, s, Arrays.copyOfRange(flat, o, o + s.size())));
            o += s.size();
        }
        return out;
    }

    /** Whether the F64 gradient is the exact AD gradient up to rounding (ties of k split 1/k, inexact in binary). */
    private static boolean closeTo(List<Tensor> ts, Rational[] exact) {
        int k = 0;
        for (Tensor t : ts) {
            for (int i = 0; i < t.size(); i++, k++) {
                double e = exact[k].doubleValue();
                if (Math.abs(t.get(i) - e) > 1e-12 * Math.max(1, Math.abs(e))) {
                    return false;
                }
            }
        }
        return true;
    }

    private Tensor inputs() {
        int n = net.sampleShape().size();
        double[] flat = new double[x.length * n];
        for (int s = 0; s < x.length; s++) {
            for (int j = 0; j < n; j++) {
                flat[s * n + j] = x[s][j].doubleValue();
            }
        }
        int[] dims = new int[net.sampleShape().rank() + 1];
        dims[0] = x.length;
        for (int d = 0; d < net.sampleShape().rank(); d++) {
            dims[d + 1] = net.sampleShape().dim(d);
        }
        return Tensor.of(DType.F64, Shape.of(dims), flat);
    }
}
