package dev.clarke.absnormal;

import dev.clarke.certify.Verdict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ops.KinkPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rows T1–T11 of the table in section 5 of the abs-smooth paper summary, for λ ∈ {0, ½, 1}.
 * Notation: c = abs′(0) = λ·(−1) + (1 − λ)·1 = 1 − 2λ, r = relu′(0) = max′(0) = 1 − λ = (1 + c)/2.
 * Every expected value below is derived by hand in the comment of its test.
 */
class TTableTest {

    private static final double EPS = 1e-12;

    private static Certification run(String src, String at, double lambda) {
        return Fixtures.certify(src, at, KinkPolicy.lambda(lambda));
    }

    private static void check(Certification c, Verdict v, double[] ad, double[] derivative, boolean likq) {
        assertEquals(v, c.verdict(), c.method() + " " + c.reason());
        assertArrayEquals(ad, c.ad(), EPS, "AD");
        if (derivative == null) {
            assertNull(c.derivative());
        } else {
            assertArrayEquals(derivative, c.derivative(), EPS, "derivative");
        }
        assertEquals(likq, c.likq(), "LIKQ");
        assertNotNull(c.clarke());
        if (v == Verdict.DIFFERENTIABLE_CORRECT || v == Verdict.NONDIFFERENTIABLE_CLARKE) {
            assertArrayEquals(ad, c.clarke(), EPS, "AD's value is the certified element");
        }
        if (derivative != null) {
            assertArrayEquals(derivative, c.clarke(), EPS, "the derivative is the certified element");
        }
    }

    /** T1: |x| at 0; ∂ᶜ = [−1, 1]; AD = c ∈ [−1, 1]; z = x, A₀ = [1]: LIKQ. */
    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 1})
    void t1Abs(double l) {
        check(run("abs(x)", "x=0", l), Verdict.NONDIFFERENTIABLE_CLARKE, new double[] {1 - 2 * l}, null, true);
    }

    /**
     * T2: max(x,0) − max(−x,0) ≡ x at 0. ∂a of max at a tie is r, so AD = r − (−1)·r = 2r = 2 − 2λ;
     * the derivative is 1: correct only at λ = ½. Rows z₁ = x, z₂ = −x: rank 1, no LIKQ.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 1})
    void t2MaxDifference(double l) {
        Certification c = run("max(x, 0) - max(-x, 0)", "x=0", l);
        Verdict v = l == 0.5 ? Verdict.DIFFERENTIABLE_CORRECT : Verdict.DIFFERENTIABLE_INCORRECT;
        check(c, v, new double[] {2 - 2 * l}, new double[] {1}, false);
        assertEquals(2, c.realisable(), "(+,−) and (−,+)");
    }

    /**
     * T3: relu(relu(x)) − relu(x) ≡ 0 at 0. AD = r·r − r = r² − r: 0 at λ = 0 (r = 1) and λ = 1
     * (r = 0), −¼ at λ = ½. Derivative 0. A₀ = [1; ½] (z₂ = relu(x) with σ₁ = 0): rank 1.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 1})
    void t3NestedRelu(double l) {
        double r = 1 - l;
        Verdict v = l == 0.5 ? Verdict.DIFFERENTIABLE_INCORRECT : Verdict.DIFFERENTIABLE_CORRECT;
        check(run("relu(relu(x)) - relu(x)", "x=0", l), v, new double[] {r * r - r}, new double[] {0}, false);
    }

    /** T4: |x| − |x| (two abs nodes) ≡ 0: AD = c − c = 0, correct; rows x, x: no LIKQ. */
    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 1})
    void t4AbsMinusAbs(double l) {
        Certification c = run("abs(x) - abs(x)", "x=0", l);
        check(c, Verdict.DIFFERENTIABLE_CORRECT, new double[] {0}, new double[] {0}, false);
        // non-agnostic: σ = (+1, −1) gives G = 1 − (−1) = 2, not the derivative 0
        double[] g = c.form().gradient(new double[] {1, -1})[0];
        assertArrayEquals(new double[] {2}, g, EPS);
        assertEquals(Verdict.DIFFERENTIABLE_INCORRECT, Certifier.decide(c.form(), g).verdict());
    }

    /** T5: |x| − |y| at (0,0): AD = (c, −c) ∈ [−1, 1]²; rows e₁, e₂: LIKQ. */
    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 1})
    void t5AbsMinusAbsTwoVariables(double l) {
        double c = 1 - 2 * l;
        check(run("abs(x) - abs(y)", "x=0,y=0", l), Verdict.NONDIFFERENTIABLE_CLARKE, new double[] {c, -c}, null, true);
    }

    /**
     * T6: ||x| − |y|| at (0,0): AD = c·(c, −c) = (c², −c²) ∈ [−1, 1]² = ∂ᶜ. z₃ = |x| − |y| has a zero
     * row in A₀ (its paths run through the active z₁, z₂): no LIKQ, yet all 8 patterns are
     * realisable and the piece gradients σ₃(σ₁, −σ₂) span [−1, 1]².
     */
    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 1})
    void t6NestedAbs(double l) {
        double c = 1 - 2 * l;
        Certification cert = run("abs(abs(x) - abs(y))", "x=0,y=0", l);
        check(cert, Verdict.NONDIFFERENTIABLE_CLARKE, new double[] {c * c, -c * c}, null, false);
        assertEquals(8, cert.realisable());
    }

    /** T6′: the same at (1,1): only z₃ = |x| − |y| is active, row (1, −1): LIKQ; AD = c·(1, −1). */
    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 1})
    void t6PrimeNestedAbsOffOrigin(double l) {
        double c = 1 - 2 * l;
        check(run("abs(abs(x) - abs(y))", "x=1,y=1", l), Verdict.NONDIFFERENTIABLE_CLARKE, new double[] {c, -c}, null, true);
    }

    /** T7: max(x, y) at (0,0): AD = (r, 1 − r) = ((1+c)/2, (1−c)/2) ∈ conv{(1,0), (0,1)}; LIKQ. */
    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 1})
    void t7Max(double l) {
        double r = 1 - l;
        check(run("max(x, y)", "x=0,y=0", l), Verdict.NONDIFFERENTIABLE_CLARKE, new double[] {r, 1 - r}, null, true);
    }

    /**
     * T8: max(max(x, y), 0) at (0,0): the outer tie gives r to the inner max, which splits (r, 1 − r):
     * AD = (r², r(1 − r)) = ((1+c)²/4, (1−c²)/4) ∈ conv{(0,0), (1,0), (0,1)}. A₀ = [1 −1; ½ ½]: LIKQ.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 1})
    void t8NestedMax(double l) {
        double r = 1 - l;
        check(run("max(max(x, y), 0)", "x=0,y=0", l), Verdict.NONDIFFERENTIABLE_CLARKE,
                new double[] {r * r, r * (1 - r)}, null, true);
    }

    /** T9: relu(x) + relu(−x) ≡ |x| at 0: AD = r − r = 0 ∈ [−1, 1]; rows x, −x: no LIKQ. */
    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 1})
    void t9ReluSum(double l) {
        Certification c = run("relu(x) + relu(-x)", "x=0", l);
        check(c, Verdict.NONDIFFERENTIABLE_CLARKE, new double[] {0}, null, false);
        assertEquals(2, c.realisable());
    }

    /**
     * T10: ℓ = ½(v·relu(w·x + b) − t)² with x = 2, t = 1, (w, b, v) = (1, −2, 3): the pre-activation
     * 2w + b is 0, ℓ = ½, ∂ℓ/∂relu = (0 − 1)·v = −3, so AD = (∂v, ∂w, ∂b) = (relu·(−1), −3r·2, −3r)
     * = (0, −6r, −3r), in the segment from (0,0,0) to (0,−6,−3) = ∂ᶜ. Row (0, 2, 1): LIKQ, and w, b
     * are private to the kink.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 1})
    void t10SingleNeuron(double l) {
        double r = 1 - l;
        Certification c = run("0.5 * (v * relu(w*2 + b) - 1)^2", "v=3,w=1,b=-2", l);
        assertEquals(java.util.List.of("v", "w", "b"), c.inputs());
        check(c, Verdict.NONDIFFERENTIABLE_CLARKE, new double[] {0, -6 * r, -3 * r}, null, true);
        PrivateVariables pv = PrivateVariables.check(c.form(), Likq.of(c.form()));
        assertTrue(pv.holds() && pv.perKink());
    }

    /**
     * T11: the batch ℓ₁ + ℓ₂, ℓ_k = s_k·v·relu(b), s = (1, −1), v = 1, b = 0: ℓ ≡ 0. Agnostic AD:
     * ∂v = relu(b) − relu(b) = 0, ∂b = v·r − v·r = 0: correct. Rows (0, 1) twice: no LIKQ, but b is
     * private to the group of both kinks (same orientation, same σ): the group certificate holds.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 1})
    void t11BatchSharedBias(double l) {
        Certification c = run("v*relu(b) - v*relu(b)", "v=1,b=0", l);
        check(c, Verdict.DIFFERENTIABLE_CORRECT, new double[] {0, 0}, new double[] {0, 0}, false);
        PrivateVariables pv = PrivateVariables.check(c.form(), Likq.of(c.form()));
        assertTrue(pv.holds(), pv.reason());
        assertFalse(pv.perKink());
        assertEquals(1, pv.groups().size());
    }

    /**
     * T11, non-agnostic: the second sample's relu written as max(b, 0) and relu′(0) overridden to
     * 0.2, while max′ stays 1 − λ: ∂b = 0.2 − (1 − λ) ≠ 0 (for λ ≠ 0.8), not the derivative 0, and
     * the group certificate fails.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 1})
    void t11NonAgnostic(double l) {
        Certification c = Fixtures.certify("v*relu(b) - v*max(b, 0)", "v=1,b=0",
                KinkPolicy.lambda(l).withOverride(dev.clarke.ops.Family.RELU, 0.2));
        check(c, Verdict.DIFFERENTIABLE_INCORRECT, new double[] {0, 0.2 - (1 - l)}, new double[] {0, 0}, false);
        assertFalse(PrivateVariables.check(c.form(), Likq.of(c.form())).holds());
    }
}
