package dev.clarke.absnormal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.certify.Verdict;
import dev.clarke.lang.Program;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exact support functions decided by {@link CuttingPlanes}: {@link ConeSupport} for one norm and
 * affine kinks beyond two inputs, and a sum of norm balls, on programs whose Clarke gradient at 0
 * is derived by hand, with values near its boundary that the sampled rays and the per-pattern
 * outer bound cannot settle.
 */
class ConeSupportTest {

    /** The verdict on {@code value} (in the order x, y, z, u) for the program at 0. */
    private static Certification judge(String program, double... value) {
        String[] names = {"x", "y", "z", "u"};
        Map<String, Double> at = new java.util.HashMap<>();
        for (int i = 0; i < value.length; i++) {
            at.put(names[i], 0.0);
        }
        AbsNormalForm f = Certifier.form(Program.parse(program), at, KinkPolicy.mid(), DType.F64);
        double[] ad = new double[value.length];
        for (int i = 0; i < value.length; i++) {
            ad[f.inputs().indexOf(names[i])] = value[i];
        }
        return Certifier.decide(f, ad);
    }

    /**
     * The certifier's verdict on {@code value}, and {@link ConeSupport}'s own answer on it (the
     * certifier may settle it earlier, by the sampled rays or the outer bound).
     */
    private static void assertDecidedByCones(Verdict expected, String program, double... value) {
        Certification c = judge(program, value);
        assertEquals(expected, c.verdict(), c.method() + " | " + c.reason());
        AbsNormalForm f = c.form();
        EuclideanNorm norm = f.norms().get(0);
        int k = 0;
        while (f.active()[k] != norm.index()) {
            k++;
        }
        double w = Arrangement.outputRow(f)[f.n() + k];
        CuttingPlanes.Answer a = ConeSupport.decide(Arrangement.of(f), norm.jacobian(), w, c.ad(), Certifier.AGREEMENT);
        assertEquals(expected == Verdict.NONDIFFERENTIABLE_CLARKE ? PlaneSupport.Side.INSIDE : PlaneSupport.Side.OUTSIDE,
                a.side(), "after " + a.planes() + " cutting planes");
    }

    /**
     * f = |x| − ‖(x, y, z)‖. For x &gt; 0 the gradients are e₁ − v over unit v with v₁ ≥ 0: a
     * half-sphere of radius 1 around e₁ whose rim is the circle {x = 1, y² + z² = 1}; for x &lt; 0 the
     * mirror image, with rim {x = −1, y² + z² = 1}. Both caps lie inside the cylinder the two rims
     * span, so ∂f(0) = {|x| ≤ 1, y² + z² ≤ 1} — smaller than the sum rule's [−1, 1]·e₁ − B, and inside
     * the per-pattern box [−1, 1]³ near its edges.
     */
    @Test
    void aKinkMinusANormIsACylinder() {
        String f = "abs(x) - sqrt(x*x + y*y + z*z)";
        assertDecidedByCones(Verdict.NONDIFFERENTIABLE_CLARKE, f, 0.99, 0.7, 0.7);     // 0.98 ≤ 1
        assertDecidedByCones(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, f, 0.99, 0.72, 0.7); // 1.0084 > 1
        assertDecidedByCones(Verdict.NONDIFFERENTIABLE_CLARKE, f, -1, 0.6, -0.8);      // on the rim: 1 = 1
    }

    /**
     * relu(|x|) is |x| written with a nested kink (relu's argument is |x|), so relu(abs(x)) −
     * ‖(x, y, z)‖ has the same cylinder as its Clarke gradient; the nested kinks' cells
     * ({@link NestedCells}) decide the values near its rim.
     */
    @Test
    void nestedKinksBesideANorm() {
        String f = "relu(abs(x)) - sqrt(x*x + y*y + z*z)";
        for (double[] v : new double[][] {{0.99, 0.7, 0.7, 1}, {0.99, 0.72, 0.7, 0}, {0.3, -0.6, 0.79, 1}, {0.3, -0.6, 0.81, 0}}) {
            Certification c = judge(f, v[0], v[1], v[2]);
            Verdict expected = v[3] == 1 ? Verdict.NONDIFFERENTIABLE_CLARKE : Verdict.NONDIFFERENTIABLE_NOT_CLARKE;
            assertEquals(expected, c.verdict(), java.util.Arrays.toString(v) + ": " + c.method() + " | " + c.reason());
            AbsNormalForm form = c.form();
            java.util.Set<Integer> norms = java.util.Set.of(form.norms().get(0).index());
            java.util.List<Integer> free = new java.util.ArrayList<>();
            for (int i : form.active()) {
                if (!norms.contains(i)) {
                    free.add(i);
                }
            }
            NestedCells.Cells cells = NestedCells.of(form, norms, free);
            CuttingPlanes.Answer a = ConeSupport.decide(cells.pieces(), cells.cones(), form.norms().get(0).jacobian(), -1,
                    c.ad(), Certifier.AGREEMENT);
            assertEquals(v[3] == 1 ? PlaneSupport.Side.INSIDE : PlaneSupport.Side.OUTSIDE, a.side(), java.util.Arrays.toString(v));
        }
    }

    /** The same in four inputs: ∂f(0) = {|x| ≤ 1, y² + z² + u² ≤ 1}. */
    @Test
    void fourInputs() {
        String f = "abs(x) - sqrt(x*x + y*y + z*z + u*u)";
        assertDecidedByCones(Verdict.NONDIFFERENTIABLE_CLARKE, f, 0.9, 0.6, 0.6, 0.5);      // 0.97
        assertDecidedByCones(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, f, 0.9, 0.6, 0.6, 0.55); // 1.0225
    }

    /**
     * f = ‖(x, y, z)‖ + |x| is convex, so its Clarke gradient is the sum of the subdifferentials,
     * B + [−1, 1]·e₁: the points within 1 of the segment from −e₁ to e₁.
     */
    @Test
    void aNormPlusAKinkIsACapsule() {
        String f = "sqrt(x*x + y*y + z*z) + abs(x)";
        assertDecidedByCones(Verdict.NONDIFFERENTIABLE_CLARKE, f, 1.5, 0.8, 0.1);     // distance to (1, 0, 0): √0.9 < 1
        assertDecidedByCones(Verdict.NONDIFFERENTIABLE_CLARKE, f, 1.5, 0.85, 0.1);    // √0.9825 < 1
        assertDecidedByCones(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, f, 1.5, 0.9, 0.1); // √1.07 > 1
        assertDecidedByCones(Verdict.NONDIFFERENTIABLE_CLARKE, f, 0.2, 0.6, 0.8);     // within 1 of (0.2, 0, 0)
    }

    /**
     * Two norms and no other kink ({@link NormCertificate} with {@link CuttingPlanes}): ‖(x, y)‖ +
     * ‖(y, z)‖ is convex, so ∂f(0) is the sum of a disk in the xy-plane and one in the yz-plane:
     * (a₁, a₂, a₃) is in it iff |a₁|, |a₃| ≤ 1 and |a₂| ≤ √(1 − a₁²) + √(1 − a₃²).
     */
    @Test
    void aSumOfTwoNormBalls() {
        String f = "sqrt(x*x + y*y) + sqrt(y*y + z*z)";
        assertEquals(Verdict.NONDIFFERENTIABLE_CLARKE, judge(f, 0, 0, 0).verdict(), "the centre");
        Certification in = judge(f, 0.6, 1.4, 0.6);       // 1.4 ≤ 0.8 + 0.8
        assertEquals(Verdict.NONDIFFERENTIABLE_CLARKE, in.verdict(), in.method() + " | " + in.reason());
        assertTrue(in.method().contains("cutting planes"), in.method());
        assertEquals(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, judge(f, 0.6, 1.7, 0.6).verdict());   // 1.7 > 1.6
        assertEquals(Verdict.NONDIFFERENTIABLE_CLARKE, judge(f, 0.8, 1.2, 0.8).verdict());       // 1.2 = 0.6 + 0.6: on the boundary
        assertEquals(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, judge(f, 1.1, 0, 0).verdict());       // |a₁| > 1
        assertEquals(Verdict.NONDIFFERENTIABLE_CLARKE, judge(f, -0.6, -1.55, 0.6).verdict());    // 1.55 ≤ 1.6
    }

    /** {@link OneSigned}'s own answer on the value judged in {@code c}. */
    static PlaneSupport.Side oneSigned(Certification c) {
        Fixtures.Norms norms = Fixtures.norms(c.form());
        return OneSigned.decide(Arrangement.of(c.form()), norms.ts(), norms.ws(), c.ad(), Certifier.AGREEMENT).side();
    }

    /** Each case (x, y, z, 1 inside / 0 outside): the certifier's verdict and {@link OneSigned}'s own answer. */
    private static void assertOneSigned(String f, double[][] cases) {
        for (double[] c : cases) {
            Certification v = judge(f, c[0], c[1], c[2]);
            assertEquals(c[3] == 1 ? Verdict.NONDIFFERENTIABLE_CLARKE : Verdict.NONDIFFERENTIABLE_NOT_CLARKE, v.verdict(),
                    java.util.Arrays.toString(c) + ": " + v.method() + " | " + v.reason());
            assertEquals(c[3] == 1 ? PlaneSupport.Side.INSIDE : PlaneSupport.Side.OUTSIDE, oneSigned(v), java.util.Arrays.toString(c));
        }
    }

    /**
     * Two norms and a kink, all with positive weights ({@link OneSigned}): ‖(x, y)‖ + ‖(y, z)‖ + |x| is
     * convex, ∂f(0) = disk_xy + disk_yz + [−1, 1]·e₁, and (a₁, a₂, a₃) is in it iff |a₃| ≤ 1, |a₁| ≤ 2
     * and |a₂| ≤ √(1 − max(0, |a₁| − 1)²) + √(1 − a₃²) (the xy-disk's point nearest the y-axis that the
     * segment can still shift to a₁).
     */
    @Test
    void twoNormsAndAKinkOfOneSign() {
        String f = "sqrt(x*x + y*y) + sqrt(y*y + z*z) + abs(x)";
        double[][] cases = {{1.5, 1.3, 0.6, 1}, {1.5, 1.7, 0.6, 0}, {0.5, 1.9, 0.3, 1}, {0.5, 1.97, 0.3, 0}, {2.1, 0, 0, 0}};
        assertOneSigned(f, cases);
    }

    /**
     * A curved kink beside a norm: ‖(x, y, z)‖ + 2·relu(y − x²). Every weight is positive, so f is
     * regular and ∂f(0) = B + [0, 2]·e₂ (relu′ ∈ [0, 1], times 2), the points within 1 of the segment
     * from 0 to 2·e₂ — though y − x² is not affine, so the cells are not polyhedral.
     */
    @Test
    void aCurvedKinkBesideANorm() {
        String f = "sqrt(x*x + y*y + z*z) + 2*relu(y - x*x)";
        double[][] cases = {{0.6, 2.5, 0.6, 1}, {0.6, 2.6, 0.6, 0}, {0.8, 1, 0.6, 1}, {0.6, -0.5, 0.6, 1}, {0.6, -0.6, 0.6, 0}};
        assertOneSigned(f, cases);
    }

    /**
     * The cutting planes decide the unit ball's support function ‖v‖ in 16 inputs (a point at 0.999
     * of the radius along a diagonal is inside, at 1.001 outside) and are not tried beyond 16.
     */
    @Test
    void cuttingPlanesOnABallAndTheirDimensionBound() {
        for (int n : new int[] {3, 16, 17}) {
            for (double r : new double[] {0.999, 1.001}) {
                double[] a = new double[n];
                java.util.Arrays.fill(a, r / Math.sqrt(n));
                CuttingPlanes.Answer ans = CuttingPlanes.decide(v -> {
                    double len = Math.sqrt(Vectors.dot(v, v));
                    return new double[][] {{len}, len == 0 ? new double[v.length] : Vectors.scaled(v, 1 / len)};
                }, a, Certifier.AGREEMENT);
                PlaneSupport.Side expected = n > CuttingPlanes.DIMENSIONS ? PlaneSupport.Side.UNDECIDED
                        : r < 1 ? PlaneSupport.Side.INSIDE : PlaneSupport.Side.OUTSIDE;
                assertEquals(expected, ans.side(), n + " inputs, radius " + r + ", " + ans.planes() + " planes");
            }
        }
    }

    /**
     * A norm of three rows in two inputs (the plane's exact decision works with a 2 × 2 factor R,
     * RᵀR = TᵀT): ‖(y, 2x + 2y, x + y)‖ + |y| is convex, ∂f(0) = TᵀB + [−1, 1]·e₂ with
     * TᵀB = {v : vᵀ(TᵀT)⁻¹v ≤ 1}, (TᵀT)⁻¹ = [[1.2, −1], [−1, 1]], which meets the y-axis at ±1; so
     * AD = (0, a) under abs′(0) = a is a Clarke subgradient iff |a| ≤ 2.
     */
    @Test
    void aThreeRowNormInThePlane() {
        String f = "sqrt(y*y + (2*x + 2*y)*(2*x + 2*y) + (x + y)*(x + y)) + abs(y)";
        for (double[] c : new double[][] {{1.9, 1}, {2.1, 0}, {-1.95, 1}, {-2.05, 0}}) {
            Certification v = Certifier.certify(Program.parse(f), Fixtures.at("x=0,y=0"), KinkPolicy.parse("abs=" + c[0]),
                    DType.F64);
            assertEquals(c[1] == 1 ? Verdict.NONDIFFERENTIABLE_CLARKE : Verdict.NONDIFFERENTIABLE_NOT_CLARKE, v.verdict(),
                    c[0] + ": " + v.method() + " | " + v.reason());
        }
        double[][] r = PlaneSupport.square(new double[][] {{0, 1}, {2, 2}, {1, 1}});
        assertEquals(5, r[0][0] * r[0][0], 1e-12);                       // (RᵀR)₀₀ = 5
        assertEquals(5, r[0][0] * r[0][1], 1e-12);                       // (RᵀR)₀₁ = 5
        assertEquals(6, r[0][1] * r[0][1] + r[1][1] * r[1][1], 1e-12);   // (RᵀR)₁₁ = 6
    }

    /** Generators of {d : x ≥ 0, y ≥ 0} in three inputs: the lineality line ±e₃ and the rays e₁, e₂. */
    @Test
    void generatorsOfAWedge() {
        List<double[]> g = ConeSupport.generators(List.of(new double[] {1, 0, 0}, new double[] {0, 1, 0}), 3, new long[1]);
        assertEquals(4, g.size());
        double[][] expected = {{0, 0, 1}, {0, 0, -1}, {1, 0, 0}, {0, 1, 0}};
        for (double[] e : expected) {
            assertTrue(g.stream().anyMatch(v -> Math.abs(v[0] - e[0]) + Math.abs(v[1] - e[1]) + Math.abs(v[2] - e[2]) < 1e-12),
                    java.util.Arrays.toString(e));
        }
    }

    /**
     * The best unit direction of the cone spanned by e₁ and e₂ in R³: for p = (1, 2, 5) the
     * projection (1, 2, 0), normalised; for p = (−1, −2, 0) (in the polar cone) the generator at the
     * smaller angle, e₁, with p·e₁ = −1.
     */
    @Test
    void bestDirectionProjectsOrPicksAGenerator() {
        List<double[]> q = List.of(new double[] {1, 0, 0}, new double[] {0, 1, 0});
        double[] u = ConeSupport.bestDirection(q, new double[] {1, 2, 5});
        double s = Math.sqrt(5);
        assertEquals(1 / s, u[0], 1e-12);
        assertEquals(2 / s, u[1], 1e-12);
        assertEquals(0, u[2], 1e-12);
        double[] v = ConeSupport.bestDirection(q, new double[] {-1, -2, 0});
        assertEquals(1, v[0], 0);
        assertEquals(0, v[1], 0);
    }
}
