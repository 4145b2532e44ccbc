package dev.clarke.certify;

import dev.clarke.nn.Loss;
import dev.clarke.nn.Parameters;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * Exhaustive enumeration of Ω = M^P for a small network with the sum head: every parameter ranges
 * independently over a finite {@link ValueSet}, visited by an odometer over index arrays. At each
 * point the {@link ExactOracle} decides whether a neuron sits on a kink, whether f is
 * differentiable, and — under each policy — whether AD's value is the derivative there. Optionally
 * the fast {@link Certificate} (double arithmetic) is computed too and compared with the oracle.
 */
public final class Enumerator {

    /**
     * The counts.
     *
     * @param total          |Ω|
     * @param kinkHit        points where some neuron sits on a kink
     * @param ndf            points where f is not differentiable
     * @param inc            per policy: differentiable points where AD's value is wrong
     * @param policies       the policies, in the order of {@code inc}
     * @param certified      points where the certificate was compared (0 unless asked)
     * @param mismatches     compared points where the certificate contradicts the oracle
     * @param undecided      compared points where the certificate left differentiability open
     * @param bound          the density bound n/|M|
     */
    public record Result(long total, long kinkHit, long ndf, long[] inc, List<KinkPolicy> policies,
                         long certified, long mismatches, long undecided, Bound bound) {

        /**
         * inc under the i-th policy.
         *
         * @param i the policy's position in {@code policies}
         * @return the number of points where AD under that policy is incorrect
         */
        public long inc(int i) {
            return inc[i];
        }
    }

    /**
     * The counts over a range of points: a shard of the enumeration. Counts of disjoint ranges add up
     * ({@link #plus}: associative, commutative, exact) to the counts of their union, so the whole
     * enumeration may be computed range by range, in any order, on any number of machines.
     *
     * @param total      points counted
     * @param kinkHit    points where some neuron sits on a kink
     * @param ndf        points where f is not differentiable
     * @param inc        per policy: differentiable points where AD's value is wrong
     * @param certified  points where the certificate was compared
     * @param mismatches compared points where the certificate contradicts the oracle
     * @param undecided  compared points where the certificate left differentiability open
     * @serial exclude (shipped between JVMs of one build, not a stored format)
     */
    public record Counts(long total, long kinkHit, long ndf, long[] inc, long certified, long mismatches, long undecided)
            implements java.io.Serializable {

        /**
         * Copies {@code inc}.
         *
         * @param total      points counted
         * @param kinkHit    points where some neuron sits on a kink
         * @param ndf        points where f is not differentiable
         * @param inc        per policy: differentiable points where AD's value is wrong
         * @param certified  points where the certificate was compared
         * @param mismatches compared points where the certificate contradicts the oracle
         * @param undecided  compared points where the certificate left differentiability open
         */
        public Counts {
            inc = inc.clone();
        }

        /**
         * The counts of no point.
         *
         * @param policies the number of policies
         * @return all zero
         */
        public static Counts none(int policies) {
            return new Counts(0, 0, 0, new long[policies], 0, 0, 0);
        }

        /**
         * inc under the i-th policy.
         *
         * @param i the policy's position
         * @return its count of incorrect points
         */
        public long inc(int i) {
            return inc[i];
        }

        /**
         * The counts of both ranges (disjoint ranges of one enumeration).
         *
         * @param o the counts of another range
         * @return the sums
         */
        public Counts plus(Counts o) {
            if (o.inc.length != inc.length) {
                throw new IllegalArgumentException("enumerate: cannot merge counts over different policies");
            }
            long[] sum = new long[inc.length];
            for (int q = 0; q < sum.length; q++) {
                sum[q] = inc[q] + o.inc[q];
            }
            return new Counts(total + o.total, kinkHit + o.kinkHit, ndf + o.ndf, sum, certified + o.certified,
                    mismatches + o.mismatches, undecided + o.undecided);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Counts c && total == c.total && kinkHit == c.kinkHit && ndf == c.ndf
                    && Arrays.equals(inc, c.inc) && certified == c.certified && mismatches == c.mismatches
                    && undecided == c.undecided;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(total, kinkHit, ndf, Arrays.hashCode(inc), certified, mismatches, undecided);
        }

        @Override
        public String toString() {
            return "Counts[total=" + total + ", kinkHit=" + kinkHit + ", ndf=" + ndf + ", inc=" + Arrays.toString(inc)
                    + ", certified=" + certified + ", mismatches=" + mismatches + ", undecided=" + undecided + "]";
        }
    }

    private final Sequential net;
    private final Rational[][] x;
    private final ValueSet values;
    private final List<KinkPolicy> policies;
    private final boolean certify;

    /**
     * @param net      the network (sum head)
     * @param x        the inputs, one row per sample
     * @param values   the value set M of every parameter
     * @param policies the policies whose AD values are checked (at least one)
     * @param certify  whether to compare the fast certificate (first policy, F64) at every point
     */
    public Enumerator(Sequential net, Rational[][] x, ValueSet values, List<KinkPolicy> policies, boolean certify) {
        if (policies.isEmpty()) {
            throw new IllegalArgumentException("enumerate: give at least one policy");
        }
        if (certify && !values.exactInDouble()) {
            throw new IllegalArgumentException("enumerate: the certificate check needs values exact in double");
        }
        this.net = net;
        this.x = x;
        this.values = values;
        this.policies = List.copyOf(policies);
        this.certify = certify;
    }

    /** {@return |Ω| = |M|^P, the number of parameter points to enumerate} */
    public BigInteger size() {
        return BigInteger.valueOf(values.size()).pow(net.parameterCount());
    }

    private java.util.function.LongConsumer progress = done -> { };

    /**
     * Calls {@code progress} with the number of points done, every 2¹⁶ points and at the end;
     * returns this.
     *
     * @param progress receives the number of points done so far
     * @return this enumerator, for chaining
     */
    public Enumerator onProgress(java.util.function.LongConsumer progress) {
        this.progress = progress;
        return this;
    }

    /** {@return the counts over every point of Ω} */
    public Result run() {
        return result(count(0, checkedSize()));
    }

    /**
     * |Ω| as a long.
     *
     * @return |M|^P
     * @throws IllegalArgumentException if it is past the range of a long
     */
    public long checkedSize() {
        if (size().compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("enumerate: |M|^P = " + values.size() + "^" + net.parameterCount()
                    + " points is too many");
        }
        return size().longValueExact();
    }

    /**
     * The result of the whole enumeration from its counts (those of every point, merged by {@link Counts#plus}).
     *
     * @param counts the counts of all the points
     * @return the result, with the policies and the density bound
     */
    public Result result(Counts counts) {
        Bound bound = Bound.of(net, BigInteger.valueOf(values.size()), values.name(), x.length == 1 && isZero(x[0]),
                values.symmetric());
        return new Result(counts.total(), counts.kinkHit(), counts.ndf(), counts.inc.clone(), policies, counts.certified(),
                counts.mismatches(), counts.undecided(), bound);
    }

    /**
     * Counts the points of index {@code from} (inclusive) to {@code to} (exclusive) in the odometer's order
     * (the last parameter turning fastest): one shard of {@link #run}. The counts depend on the range only.
     *
     * @param from the first point's index, from 0
     * @param to   one past the last point's index, at most {@link #checkedSize}
     * @return the counts of those points
     */
    public Counts count(long from, long to) {
        long size = checkedSize();
        if (from < 0 || from > to || to > size) {
            throw new IllegalArgumentException("enumerate: the range [" + from + ", " + to + ") is not within the "
                    + size + " points");
        }
        if (from == to) {
            return Counts.none(policies.size());
        }
        ExactOracle oracle = new ExactOracle(net);
        ValuePoints points = new ValuePoints(values, oracle.parameterCount(), from);
        Rational[] w = points.exact();
        double[] wd = points.doubles();
        Tensor xt = certify ? inputs() : null;
        long total = 0;
        long hit = 0;
        long ndf = 0;
        long[] inc = new long[policies.size()];
        long certified = 0;
        long mismatches = 0;
        long undecided = 0;
        while (true) {
            total++;
            if ((total & 0xffff) == 0) {
                progress.accept(total);
            }
            ExactOracle.Decision dec = null;
            if (oracle.kinkHit(w, x)) {
                hit++;
                dec = oracle.decide(w, x);
                if (!dec.differentiable()) {
                    ndf++;
                } else {
                    for (int q = 0; q < policies.size(); q++) {
                        if (!Arrays.equals(dec.gradient(), oracle.adGradient(w, x, policies.get(q)))) {
                            inc[q]++;
                        }
                    }
                }
            }
            if (certify) {
                certified++;
                Certificate c = Certificate.compute(net, new Parameters(net, wd), xt, Loss.sum(), policies.get(0), DType.F64);
                boolean exactDiff = dec == null || dec.differentiable();
                if (c.differentiable() == null) {
                    undecided++;
                } else if (c.differentiable() != exactDiff) {
                    mismatches++;
                } else if (c.verdict() == Verdict.DIFFERENTIABLE_CORRECT && dec != null
                        && !Arrays.equals(dec.gradient(), exact(c.gradient()))) {
                    mismatches++;
                }
            }
            if (from + total == to) {
                break;
            }
            points.next();
        }
        progress.accept(total);
        return new Counts(total, hit, ndf, inc, certified, mismatches, undecided);
    }

    private static boolean isZero(Rational[] sample) {
        for (Rational v : sample) {
            if (!v.isZero()) {
                return false;
            }
        }
        return true;
    }

    private static Rational[] exact(double[] g) {
        Rational[] r = new Rational[g.length];
        for (int i = 0; i < g.length; i++) {
            r[i] = Rational.of(g[i]);
        }
        return r;
    }

    private Tensor inputs() {
        int in = x[0].length;
        double[] flat = new double[x.length * in];
        for (int s = 0; s < x.length; s++) {
            for (int j = 0; j < in; j++) {
                flat[s * in + j] = x[s][j].doubleValue();
            }
        }
        return Tensor.of(DType.F64, Shape.of(x.length, in), flat);
    }
}
