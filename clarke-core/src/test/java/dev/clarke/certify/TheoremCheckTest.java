package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.nn.Activation;
import dev.clarke.nn.Dense;
import dev.clarke.nn.Loss;
import dev.clarke.nn.Parameters;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lee, Park, Aiken's theorems checked at every point of small parameter sets against the exact
 * oracle: the §4 test (0 disagreements), the bounds, Theorem 3.6 in the exact Clarke subdifferential,
 * and the constructions that reach the tight bound. Expected counts are derived by hand in the
 * comments (and in docs/theory/machine-representable.md).
 */
class TheoremCheckTest {

    private static final Rational[] ONE = {Rational.ONE};
    private static final Rational[] ZERO = {Rational.ZERO};

    private static TheoremCheck.Result run(Sequential net, Rational[] x, ValueSet m) {
        return new TheoremCheck(net, x, m).run();
    }

    private static void boundHolds(TheoremCheck.Result r) {
        assertTrue(r.kinkHit() <= r.bound().total() * r.total() + 1e-9, "kink hits " + r.kinkHit() + " above the bound");
        for (long inc : r.inc()) {
            assertTrue(r.ndf() + inc <= r.kinkHit());
        }
        assertTrue(r.zeroInputPoints() <= r.bound().zeroInput() * r.total() + 1e-9);
    }

    /**
     * Bias, [1, 1] ReLU, M = {−2..2}: 588 ndf points (the paper summary's table). At each of them AD's
     * value under D⁻, D⁺ and mid is in the exact Clarke subdifferential; under relu′(0) = 2 it never is
     * (the deepest live kink's bias component leaves γ·[D⁻, D⁺]); every witness converges.
     */
    @Test
    void theorem36WithBias() {
        TheoremCheck.Result r = run(Sequential.scalarMlp(new int[] {1, 1}, Activation.relu(), true), ONE, ValueSet.range(-2, 2));
        assertEquals(3125, r.total());
        assertEquals(588, r.ndf());
        assertEquals(0, r.testDisagreements());
        assertTrue(r.clarkeApplies());
        assertEquals(0, r.outsideHull()[0]);
        assertEquals(0, r.outsideHull()[1]);
        assertEquals(0, r.outsideHull()[2]);
        assertEquals(0, r.outsideHull()[3]); // pytorch: relu'(0) = 0 = D⁻
        assertEquals(r.ndf(), r.outsideHull()[4]);
        assertEquals(0, r.hullUndecided());
        assertEquals(3 * r.ndf(), r.witnessChecked()); // left, right, pytorch
        assertEquals(0, r.witnessFailures());
        for (long inc : r.inc()) {
            assertEquals(0, inc); // with bias inc is empty under every policy, the outside one included
        }
        boundHolds(r);
    }

    /**
     * HardTanh (two kinks per neuron, D± = (0, 1) at −1 and (1, 0) at 1), bias, width 2: the same, with
     * both kinks; PyTorch's derivative 0 at both is D⁻ at −1 and D⁺ at 1, a Bouligand choice with mixed sides.
     */
    @Test
    void theorem36TwoKinks() {
        TheoremCheck.Result r = run(Sequential.scalarMlp(new int[] {2}, Activation.hardtanh(), true), ONE, ValueSet.range(-1, 1));
        assertEquals(729, r.total());
        assertTrue(r.ndf() > 0);
        assertEquals(0, r.testDisagreements());
        assertEquals(0, r.outsideHull()[0] + r.outsideHull()[1] + r.outsideHull()[2] + r.outsideHull()[3]);
        assertEquals(r.ndf(), r.outsideHull()[4]);
        assertEquals(3 * r.ndf(), r.witnessChecked());
        assertEquals(0, r.witnessFailures());
        boundHolds(r);
    }

    /**
     * No bias, [1, 1] ReLU, x = 1, M = {−3..3} (343 points): 36 ndf, inc 0 under D⁻ and 18 under D⁺
     * (the summary's table), and the §4 test agrees with the oracle everywhere, dead layers included
     * (W₁ ≤ 0 makes z₁ = 0: 4/7 of the points, exactly the bias-free term's (1 + 1/7)/2).
     */
    @Test
    void noBiasTestAgrees() {
        TheoremCheck.Result r = run(Sequential.scalarMlp(new int[] {1, 1}, Activation.relu(), false), ONE, ValueSet.range(-3, 3));
        assertEquals(343, r.total());
        assertEquals(36, r.ndf());
        assertEquals(0, r.inc()[0]);
        assertEquals(18, r.inc()[1]);
        assertEquals(0, r.testDisagreements());
        assertEquals(196, r.zeroInputPoints());
        assertEquals(4.0 / 7, r.bound().zeroInput(), 1e-15);
        assertEquals(1 - 36.0 / 49, r.bound().product(), 1e-15);
        boundHolds(r);
    }

    /** No bias with x = 0: every layer is dead; f ≡ 0 near every point, and the test says differentiable. */
    @Test
    void noBiasZeroInput() {
        TheoremCheck.Result r = run(Sequential.scalarMlp(new int[] {2}, Activation.relu(), false), ZERO, ValueSet.range(-1, 1));
        assertEquals(81, r.total());
        assertEquals(81, r.kinkHit());
        assertEquals(0, r.ndf());
        assertEquals(0, r.testDisagreements());
        assertEquals(1.0, r.bound().total());
        boundHolds(r);
    }

    /** Deeper and wider bias-free networks, several activations: 0 disagreements. */
    @Test
    void noBiasDeeper() {
        for (Activation a : new Activation[] {Activation.relu(), Activation.leakyRelu(0.5), Activation.abs(), Activation.hardtanh()}) {
            TheoremCheck.Result r = run(Sequential.scalarMlp(new int[] {2, 1}, a, false), ONE, ValueSet.range(-1, 1));
            assertEquals(0, r.testDisagreements(), a.id());
            boundHolds(r);
        }
        TheoremCheck.Result r = run(Sequential.scalarMlp(new int[] {1, 2}, Activation.relu(), false), ONE, ValueSet.range(-2, 1));
        assertEquals(0, r.testDisagreements());
        boundHolds(r);
    }

    /**
     * The tight bound is reached: ReLU with bias, x = 0 and M = {−2, −1, 0}: every b ≤ 0, so every z
     * is 0 and y_{l,i} = b_{l,i}; the neurons hit their kink independently with chance 1/3, and the
     * kink set has density 1 − (2/3)^N exactly (N = 3 here: 1 − 8/27 = 19/27 of 3^7 points).
     */
    @Test
    void productBoundReached() {
        Sequential net = Sequential.of(new Dense(1, 2, true, Activation.relu()), new Dense(2, 1, true, Activation.relu()));
        TheoremCheck.Result r = run(net, ZERO, ValueSet.range(-2, 0));
        assertEquals(2187, r.total());
        assertEquals(2187 - 2187 * 8 / 27, r.kinkHit());
        assertEquals(19.0 / 27, r.bound().product(), 1e-15);
        assertEquals(1.0, r.bound().density());
    }

    /**
     * With no head weights (f = Σ z_i, adjoints 1) the non-differentiable set reaches it too: one
     * hardtanh layer of width 2, x = 0, M = {−1, 0, 1}: y_i = b_i, a kink iff b_i = ±1 (chance 2/3),
     * ndf density 1 − (1/3)² = 8/9; and a single neuron reaches n/|M| = 2/3 itself.
     */
    @Test
    void ndfReachesTheBound() {
        TheoremCheck.Result two = run(Sequential.of(new Dense(1, 2, true, Activation.hardtanh())), ZERO, ValueSet.range(-1, 1));
        assertEquals(81, two.total());
        assertEquals(72, two.ndf());
        assertEquals(8.0 / 9, two.bound().product(), 1e-15);
        TheoremCheck.Result one = run(Sequential.of(new Dense(1, 1, true, Activation.hardtanh())), ZERO, ValueSet.range(-1, 1));
        assertEquals(6, one.ndf());
        assertEquals(2.0 / 3, one.bound().density(), 1e-15);
        assertEquals(one.bound().density(), one.bound().product(), 1e-15);
    }

    /** The certificate, in doubles, decides every point of bias-free networks, dead layers included: 0 undecided. */
    @Test
    void certificateDecidesDeadLayers() {
        for (KinkPolicy p : List.of(KinkPolicy.left(), KinkPolicy.right())) {
            Enumerator.Result r = new Enumerator(Sequential.scalarMlp(new int[] {2, 1}, Activation.relu(), false),
                    new Rational[][] {ONE}, ValueSet.range(-2, 2), List.of(p), true).run();
            assertEquals(3125, r.certified());
            assertEquals(0, r.mismatches());
            assertEquals(0, r.undecided());
        }
    }

    /**
     * relu′(0) = 2 with bias: the certificate says NONDIFFERENTIABLE_NOT_CLARKE exactly at the points
     * where AD's value leaves the exact Clarke subdifferential (every ndf point), and nowhere else.
     */
    @Test
    void certificateNotClarkeMatchesTheHull() {
        Sequential net = Sequential.scalarMlp(new int[] {1, 1}, Activation.relu(), true);
        KinkPolicy outside = KinkPolicy.parse("relu=2");
        ExactOracle oracle = new ExactOracle(net);
        Rational[][] xs = {ONE};
        ValuePoints points = new ValuePoints(ValueSet.range(-2, 2), net.parameterCount());
        int notClarke = 0;
        do {
            Rational[] w = points.exact();
            Certificate c = Certificate.compute(net, new Parameters(net, points.doubles()),
                    Tensor.of(DType.F64, Shape.of(1, 1), 1), Loss.sum(), outside, DType.F64);
            ExactOracle.Decision d = oracle.decide(w, xs);
            boolean outsideHull = !d.differentiable() && !Cone.inHull(oracle.adGradient(w, xs, outside), oracle.pieceGradients(w, xs));
            assertEquals(outsideHull, c.verdict() == Verdict.NONDIFFERENTIABLE_NOT_CLARKE, Arrays.toString(w));
            notClarke += outsideHull ? 1 : 0;
        } while (points.next());
        assertEquals(588, notClarke);
    }
}
