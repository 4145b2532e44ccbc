package dev.clarke.absnormal;

import dev.clarke.certify.Verdict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ops.KinkPolicy;
import org.junit.jupiter.api.Test;

/** The verdicts off the table: UNKNOWN with reasons, NOT_CLARKE, smooth points, many kinks. */
class VerdictLimitsTest {

    @Test
    void notAbsSmoothPointsAreUnknownWithTheReason() {
        Certification s = Fixtures.certify("sqrt(relu(x) + y^2)", "x=0,y=0", KinkPolicy.mid());
        assertEquals(Verdict.UNKNOWN, s.verdict());
        assertTrue(s.reason().contains("sqrt at 0"), s.reason());
        assertNull(s.clarke());
        Certification sign = Fixtures.certify("sign(x) + x", "x=0", KinkPolicy.mid());
        assertEquals(Verdict.UNKNOWN, sign.verdict());
        assertTrue(sign.reason().contains("discontinuous"), sign.reason());
        // a jump of 1 across x = 0: then − else = 1 is no multiple of x
        Certification branch = Fixtures.certify("if (x > 0) x + 1 else x", "x=0", KinkPolicy.mid());
        assertEquals(Verdict.UNKNOWN, branch.verdict());
        assertTrue(branch.reason().contains("boundary"), branch.reason());
        assertEquals(Verdict.DIFFERENTIABLE_CORRECT, Fixtures.certify("floor(x) + x", "x=0.5", KinkPolicy.mid()).verdict());
    }

    @Test
    void smoothPointsAreDifferentiable() {
        Certification c = Fixtures.certify("exp(x) * relu(y)", "x=0,y=2", KinkPolicy.mid());
        assertEquals(Verdict.DIFFERENTIABLE_CORRECT, c.verdict());
        assertArrayEquals(new double[] {2, 1}, c.derivative(), 1e-12);
    }

    /**
     * An override outside [D⁻, D⁺]: abs′(0) = 3 at |x| is not in [−1, 1] = ∂ᶜ; LIKQ makes the model
     * exact, so NOT_CLARKE, with the LD-derivative 1 as the certified element.
     */
    @Test
    void overrideOutsideTheOneSidedDerivativesIsNotClarke() {
        Certification c = Fixtures.certify("abs(x)", "x=0", KinkPolicy.parse("abs=3"));
        assertEquals(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, c.verdict());
        assertArrayEquals(new double[] {3}, c.ad());
        assertArrayEquals(new double[] {1}, c.clarke());
    }

    /**
     * Non-agnostic T4 variant on a non-differentiable function: |x| + |x| − |x| written with relu for
     * one term, relu′(0) = 1 and abs′(0) = −1: AD = 2·1 − 1 + (−1)·... computed by hand below.
     * f = (2·relu(x) − x) + abs(x) − abs(x) ≡ |x|; AD = (2·1 − 1) + (−1) − (−1) = 1 ∈ [−1, 1]: Clarke.
     */
    @Test
    void mixedFamiliesStillClarkeWhenInTheHull() {
        Certification c = Fixtures.certify("(2*relu(x) - x) + abs(x) - abs(x)", "x=0", KinkPolicy.parse("relu=1,abs=-1"));
        assertEquals(Verdict.NONDIFFERENTIABLE_CLARKE, c.verdict());
        assertArrayEquals(new double[] {1}, c.ad(), 1e-15);
    }

    /** 20 active kinks, one private input each: beyond enumeration, LIKQ certifies AD. */
    @Test
    void beyondTheEnumerationLimit() {
        StringBuilder src = new StringBuilder();
        StringBuilder at = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            src.append(i == 0 ? "" : " + ").append("relu(x").append(i).append(")");
            at.append(i == 0 ? "" : ",").append("x").append(i).append("=0");
        }
        Certification c = Fixtures.certify(src.toString(), at.toString(), KinkPolicy.mid());
        assertEquals(Verdict.NONDIFFERENTIABLE_CLARKE, c.verdict(), c.reason());
        assertEquals(20, c.activeKinks());
        Certification zero = Fixtures.certify(src + " - (" + src + ")", at.toString(), KinkPolicy.mid());
        // f ≡ 0 with 40 kinks in 20 pairs sharing x_i: G(σ) depends on each σ_i in the cube (pairs cancel only
        // when their σ agree), but the realisable patterns give every pair equal signs: the pair's terms
        // ½|x_i| − ½|x_i| merge into a coefficient 0, so f is differentiable with derivative 0, and mid's AD
        // (½ − ½ per pair) is 0
        assertEquals(40, zero.activeKinks());
        assertEquals(Verdict.DIFFERENTIABLE_CORRECT, zero.verdict(), zero.method() + " | " + zero.reason());
        assertArrayEquals(new double[20], zero.derivative(), 1e-12);
    }
}
