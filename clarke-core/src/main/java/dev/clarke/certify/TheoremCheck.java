package dev.clarke.certify;

import dev.clarke.nn.Activation;
import dev.clarke.nn.Dense;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Checks the theorems on networks with float parameters at every point of Ω = M^P of a tiny dense
 * network with the sum head and one sample, against the {@link ExactOracle}:
 * <ul>
 *   <li>the non-differentiability test of §4 ({@link BiasFreeTest}) gives the oracle's answer and,
 *       where f is differentiable, the oracle's gradient and whether AD's value (under each policy)
 *       is that gradient — with or without bias;</li>
 *   <li>the points with a kink hit, and so those in ndf ∪ inc under every policy, are at most
 *       {@link Bound#total()}·|Ω|, and the points where a bias-free layer with a kink at 0 has input 0
 *       at most zeroInput·|Ω|;</li>
 *   <li>Theorem 3.6 (bias in every layer, one sample): at every non-differentiable point AD's
 *       gradient under D⁻ and under D⁺ (Lee et al.) and under mid (Park et al. Thm 1) lies in the exact
 *       Clarke subdifferential, the convex hull of the gradients of the pieces around the point
 *       ({@link ExactOracle#pieceGradients}); the {@link ClarkeWitness} of the D⁻ and D⁺ policies
 *       reaches a point off every kink whose gradient converges to AD's (error shrinking with t); and
 *       a policy outside [D⁻, D⁺] (the activation's derivative set to 2 at its kinks) gives a value
 *       outside the hull at every non-differentiable point.</li>
 * </ul>
 * Hull membership is exact ({@link Cone#inHull}).
 */
public final class TheoremCheck {

    /** The derivative the outside policy gives at every kink: outside [D⁻, D⁺] for every family Clarke has. */
    public static final double OUTSIDE = 2;

    /**
     * The counts.
     *
     * @param total            |Ω|
     * @param kinkHit          points where some neuron sits on a kink
     * @param ndf              points where f is not differentiable
     * @param policies         left, right, mid, pytorch, and the outside policy
     * @param inc              per policy: differentiable points where AD's gradient is wrong
     * @param testDisagreements (point, policy) pairs where the §4 test and the oracle differ (verdict,
     *                          gradient, or whether AD is right)
     * @param zeroInputPoints  points where a bias-free layer with a kink at 0 has input 0
     * @param clarkeApplies    whether every activation layer has a bias (Theorem 3.6's setting)
     * @param outsideHull      per policy: non-differentiable points where AD's value is outside ∂^C f
     * @param hullUndecided    hull checks beyond the {@link Cone} budget
     * @param witnessChecked   witness constructions checked (every Bouligand policy, at every ndf point)
     * @param witnessFailures  witnesses that did not converge to AD's value
     * @param bound            the density bounds
     */
    public record Result(long total, long kinkHit, long ndf, List<KinkPolicy> policies, long[] inc,
                         long testDisagreements, long zeroInputPoints, boolean clarkeApplies, long[] outsideHull,
                         long hullUndecided, long witnessChecked, long witnessFailures, Bound bound) {
    }

    private final Sequential net;
    private final Rational[] x;
    private final ValueSet values;
    private final List<KinkPolicy> policies;
    private LongConsumer progress = done -> { };

    /**
     * The check for {@code net} (sum head) on the one sample {@code x}, every parameter in {@code values}.
     *
     * @param net    a dense network with piecewise-linear activations
     * @param x      the sample
     * @param values the value set M of every parameter
     */
    public TheoremCheck(Sequential net, Rational[] x, ValueSet values) {
        this.net = net;
        this.x = x.clone();
        this.values = values;
        Activation a = net.layer(0).activation();
        KinkPolicy outside = KinkPolicy.mid().withOverride(a.family(), OUTSIDE);
        this.policies = List.of(KinkPolicy.left(), KinkPolicy.right(), KinkPolicy.mid(), KinkPolicy.pytorch(), outside);
    }

    /**
     * Calls {@code progress} with the points done, every 2¹⁴ points and at the end.
     *
     * @param progress the callback
     * @return this
     */
    public TheoremCheck onProgress(LongConsumer progress) {
        this.progress = progress;
        return this;
    }

    /**
     * |Ω|.
     *
     * @return |M|^P
     */
    public BigInteger size() {
        return BigInteger.valueOf(values.size()).pow(net.parameterCount());
    }

    /**
     * Runs the check over every point.
     *
     * @return the counts
     */
    public Result run() {
        if (size().compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("theorem check: " + size() + " points is too many");
        }
        ExactOracle oracle = new ExactOracle(net);
        List<BiasFreeTest> tests = new ArrayList<>();
        for (KinkPolicy policy : policies) {
            tests.add(new BiasFreeTest(oracle, policy));
        }
        Rational[][] xs = {x};
        boolean clarke = true;
        for (Dense d : net.denseLayers()) {
            clarke &= d.activation() == null || d.bias();
        }
        int q = policies.size();
        long total = 0, hit = 0, ndf = 0, disagree = 0, zeroIn = 0, undecided = 0, witnesses = 0, witnessFail = 0;
        long[] inc = new long[q];
        long[] outside = new long[q];
        ValuePoints points = new ValuePoints(values, net.parameterCount());
        Rational[] w = points.exact();
        do {
            if ((++total & 0x3fff) == 0) {
                progress.accept(total);
            }
            ExactOracle.Decision dec = oracle.decide(w, xs);
            for (int k = 0; k < q; k++) {
                BiasFreeTest.Result t;
                try {
                    t = tests.get(k).decide(w, x);
                } catch (IllegalStateException tooLarge) {
                    throw new IllegalArgumentException("theorem check: " + tooLarge.getMessage() + "; use fewer neurons");
                }
                boolean adCorrect = !dec.kinkHit() || Arrays.equals(dec.gradient(), oracle.adGradient(w, xs, policies.get(k)));
                if (t.differentiable() != dec.differentiable()
                        || (dec.differentiable() && (!Arrays.equals(t.gradient(), dec.gradient()) || t.adCorrect() != adCorrect))) {
                    disagree++;
                }
            }
            if (zeroInputLayer(oracle.values(w, xs))) {
                zeroIn++;
            }
            if (!dec.kinkHit()) {
                continue;
            }
            hit++;
            if (dec.differentiable()) {
                for (int k = 0; k < q; k++) {
                    if (!Arrays.equals(dec.gradient(), oracle.adGradient(w, xs, policies.get(k)))) {
                        inc[k]++;
                    }
                }
                continue;
            }
            ndf++;
            if (!clarke) {
                continue;
            }
            List<Rational[]> pieces = oracle.pieceGradients(w, xs);
            for (int k = 0; k < q; k++) {
                Rational[] g = oracle.adGradient(w, xs, policies.get(k));
                try {
                    if (!Cone.inHull(g, pieces)) {
                        outside[k]++;
                    }
                } catch (IllegalStateException tooLarge) {
                    undecided++;
                }
                if (bouligand(oracle, policies.get(k))) {
                    witnesses++;
                    if (!witnessConverges(oracle, w, g, policies.get(k))) {
                        witnessFail++;
                    }
                }
            }
        } while (points.next());
        progress.accept(total);
        Bound bound = Bound.of(net, BigInteger.valueOf(values.size()), values.name(), isZero(x), values.symmetric());
        return new Result(total, hit, ndf, policies, inc, disagree, zeroIn, clarke, outside, undecided, witnesses,
                witnessFail, bound);
    }

    /** Whether the policy's derivative is D⁻ or D⁺ at every kink of every layer (Lee et al.'s Bouligand proxies). */
    private boolean bouligand(ExactOracle oracle, KinkPolicy policy) {
        for (int l = 0; l < net.depth(); l++) {
            ExactActivation a = oracle.activation(l);
            for (int k = 0; a != null && k < a.points.length; k++) {
                Rational p = a.proxy(policy, k);
                if (!p.equals(a.dMinus[k]) && !p.equals(a.dPlus[k])) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The witness of a Bouligand policy: w_t is off every kink for t = 2⁻¹⁰ and 2⁻²⁰, and the error
     * ‖∇f(w_t) − AD‖_∞ falls at least 2⁹-fold between them (or is 0 at both): the gradients converge
     * to AD's value, not to another piece's.
     */
    private boolean witnessConverges(ExactOracle oracle, Rational[] w, Rational[] ad, KinkPolicy policy) {
        ClarkeWitness witness = ClarkeWitness.of(net, w, x, policy);
        Rational big = error(oracle, witness.at(Rational.of(1, 1 << 10)), ad);
        Rational small = error(oracle, witness.at(Rational.of(1, 1 << 20)), ad);
        if (big == null || small == null) {
            return false;
        }
        return small.isZero() || small.mul(Rational.of(1 << 9)).compareTo(big) <= 0;
    }

    private Rational error(ExactOracle oracle, Rational[] wt, Rational[] ad) {
        Rational[][] xs = {x};
        if (oracle.kinkHit(wt, xs)) {
            return null;
        }
        Rational[] g = oracle.decide(wt, xs).gradient();
        Rational e = Rational.ZERO;
        for (int i = 0; i < g.length; i++) {
            Rational d = g[i].sub(ad[i]);
            d = d.signum() < 0 ? d.negate() : d;
            e = d.compareTo(e) > 0 ? d : e;
        }
        return e;
    }

    /** Whether some bias-free layer whose activation has a kink at 0 has input 0. */
    private boolean zeroInputLayer(ExactOracle.Values v) {
        for (int l = 0; l < net.depth(); l++) {
            Dense d = net.layer(l);
            if (!d.bias() && d.activation() != null && d.activation().kinkAt(0) != null && isZero(v.z()[l][0])) {
                return true;
            }
        }
        return false;
    }

    private static boolean isZero(Rational[] r) {
        return RationalVectors.isZero(r);
    }
}
