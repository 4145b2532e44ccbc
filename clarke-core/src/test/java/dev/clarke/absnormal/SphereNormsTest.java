package dev.clarke.absnormal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.certify.Verdict;
import dev.clarke.lang.Program;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Several norms with weights of both signs in three and four inputs ({@link SphereNorms}), on programs
 * whose Clarke gradient at 0 is derived by hand, with values on either side of its boundary.
 *
 * <p>For ‖(2x, y, z)‖ − ‖(x, y, z)‖ the gradient along a unit d is (4d₁/ρ − d₁, d₂(1/ρ − 1),
 * d₃(1/ρ − 1)) with ρ = √(1 + 3d₁²). Its first coordinate 4c/√(1 + 3c²) − c (c = d₁) is largest
 * where (1 + 3c²)^(3/2) = 4, c² = (4^(2/3) − 1)/3, and is there c·(4^(2/3) − 1) = 3c³: the support
 * function h(e₁) = (4^(2/3) − 1)^(3/2)/√3 ≈ 1.08178. The map commutes with d₂ ↦ −d₂, d₃ ↦ −d₃, so
 * the set does, and averaging a point reaching h(e₁) with its mirror images puts (h(e₁), 0, 0) in it:
 * t·e₁ is inside iff |t| ≤ h(e₁) (G(−d) = −G(d)). The same holds with more inputs (ρ does not
 * change), and with |x| added the first coordinate gains sign(d₁), so h(e₁) becomes 1 + 1.08178.
 */
class SphereNormsTest {

    private static final String[] NAMES = {"x", "y", "z", "u", "v", "w", "s"};
    private static final double H = Math.pow(Math.pow(4, 2.0 / 3) - 1, 1.5) / Math.sqrt(3);

    /** The certifier's verdict on {@code value} (in the order x, y, z, u, …) for the program at 0, and SphereNorms' own. */
    private static Certification assertDecided(Verdict expected, String program, double... value) {
        Map<String, Double> at = new java.util.HashMap<>();
        for (int i = 0; i < value.length; i++) {
            at.put(NAMES[i], 0.0);
        }
        AbsNormalForm f = Certifier.form(Program.parse(program), at, KinkPolicy.mid(), DType.F64);
        double[] ad = new double[value.length];
        for (int i = 0; i < value.length; i++) {
            ad[f.inputs().indexOf(NAMES[i])] = value[i];
        }
        Certification c = Certifier.decide(f, ad);
        assertEquals(expected, c.verdict(), c.method() + " | " + c.reason());
        if (expected != Verdict.UNKNOWN) {
            Fixtures.Norms norms = Fixtures.norms(f);
            CuttingPlanes.Answer a = SphereNorms.decide(Arrangement.of(f), norms.ts(), norms.ws(), ad, Certifier.AGREEMENT);
            assertEquals(expected == Verdict.NONDIFFERENTIABLE_CLARKE ? PlaneSupport.Side.INSIDE : PlaneSupport.Side.OUTSIDE,
                    a.side(), "after " + a.planes() + " cutting planes");
        }
        return c;
    }

    @Test
    void theSupportValueDerivedByHand() {
        assertEquals(1.08178, H, 1e-5);
    }

    /** ‖v‖ − ½‖v‖ is half a norm: the Clarke gradient is the ball of radius ½ (|AD| 0.485 and 0.52). */
    @Test
    void halfANormIsTheBallOfRadiusOneHalf() {
        String f = "sqrt(x*x + y*y + z*z) - 0.5*sqrt(y*y + z*z + x*x)";
        assertDecided(Verdict.NONDIFFERENTIABLE_CLARKE, f, 0.28, 0.28, 0.28);
        assertDecided(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, f, 0.3, 0.3, 0.3);
        assertDecided(Verdict.NONDIFFERENTIABLE_CLARKE, f, 0, 0.499, 0);
        assertDecided(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, f, 0, 0, -0.501);
        String four = "sqrt(x*x + y*y + z*z + u*u) - 0.5*sqrt(u*u + y*y + z*z + x*x)";
        assertDecided(Verdict.NONDIFFERENTIABLE_CLARKE, four, 0.24, 0.24, 0.24, -0.24);
        assertDecided(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, four, 0.26, 0.26, -0.26, 0.26);
    }

    /** ‖(2x, y, z)‖ − ‖(x, y, z)‖: t·e₁ is inside iff |t| ≤ 1.08178 (see the class comment). */
    @Test
    void twoEllipsoidsOfOppositeSigns() {
        String f = "sqrt((2*x)*(2*x) + y*y + z*z) - sqrt(x*x + y*y + z*z)";
        assertDecided(Verdict.NONDIFFERENTIABLE_CLARKE, f, 1.08, 0, 0);
        assertDecided(Verdict.NONDIFFERENTIABLE_CLARKE, f, -1.08, 0, 0);
        assertDecided(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, f, 1.084, 0, 0);
        String four = "sqrt((2*x)*(2*x) + y*y + z*z + u*u) - sqrt(x*x + y*y + z*z + u*u)";
        assertDecided(Verdict.NONDIFFERENTIABLE_CLARKE, four, 1.08, 0, 0, 0);
        assertDecided(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, four, -1.095, 0, 0, 0);
    }

    /** |x| + ‖(2x, y, z)‖ − ‖(x, y, z)‖: t·e₁ is inside iff |t| ≤ 2.08179. */
    @Test
    void besideAKink() {
        String f = "abs(x) + sqrt((2*x)*(2*x) + y*y + z*z) - sqrt(x*x + y*y + z*z)";
        assertDecided(Verdict.NONDIFFERENTIABLE_CLARKE, f, 2.08, 0, 0);
        assertDecided(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, f, -2.084, 0, 0);
    }

    /**
     * |x| + ‖v‖ − 2‖v‖ = |x| − ‖v‖, v = (x, y, z): the cylinder {|a₁| ≤ 1, a₂² + a₃² ≤ 1} (the caps
     * ±e₁ − v, ±v₁ ≥ 0, lie inside the cylinder their rims span), here as two norms.
     */
    @Test
    void theCylinderAsTwoNorms() {
        String f = "abs(x) + sqrt(x*x + y*y + z*z) - 2*sqrt(y*y + x*x + z*z)";
        assertDecided(Verdict.NONDIFFERENTIABLE_CLARKE, f, 0.99, 0.7, 0.7);
        assertDecided(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, f, 0.99, 0.72, 0.7);
        assertDecided(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, f, 1.01, 0, 0);
    }

    /** Past six inputs the branch and bound is not run: UNKNOWN, the work budget. */
    @Test
    void sevenInputsAreTheWorkBudget() {
        String f = "sqrt((2*x)*(2*x) + y*y + z*z + u*u + v*v + w*w + s*s) - sqrt(x*x + y*y + z*z + u*u + v*v + w*w + s*s)";
        Certification c = assertDecided(Verdict.UNKNOWN, f, 1.05, 0, 0, 0, 0, 0, 0);
        assertTrue(c.reason().contains("work budget"), c.reason());
    }
}
