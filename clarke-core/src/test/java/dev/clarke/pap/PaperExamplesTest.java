package dev.clarke.pap;

import static dev.clarke.pap.PapTestSupport.assertClose;
import static dev.clarke.pap.PapTestSupport.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.lang.Program;
import dev.clarke.ops.KinkPolicy;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The paper's program-dependence examples (brief §2, §6.12) with c = relu′(0) ∈ {0, ½, 1, 7}, set by
 * the policies left, mid, right and the override relu=7: every value is derived by hand from the
 * AD semantics of §1.7, and every gradient must be intensional.
 */
class PaperExamplesTest {

    static Stream<Arguments> cs() {
        return Stream.of(Arguments.of(KinkPolicy.left(), 0.0), Arguments.of(KinkPolicy.mid(), 0.5),
                Arguments.of(KinkPolicy.right(), 1.0), Arguments.of(KinkPolicy.parse("relu=7"), 7.0));
    }

    private static CheckResult check(String src, double x, KinkPolicy policy) {
        return IntensionalChecker.check(Program.parse(src), at("x", x), policy);
    }

    private static void assertGradient(String src, double x, KinkPolicy policy, double expected) {
        CheckResult r = check(src, x, policy);
        assertClose(expected, r.gradient().get("x"), src + " at " + x + " under " + policy);
        assertTrue(r.intensional(), src + " at " + x + " under " + policy + ": " + r.problems());
        assertClose(expected, r.branchGradient().get("x"), "the frozen branch's derivative agrees");
    }

    /** P1 relu(x) − relu(−x) (= x): c·1 − c·(−1) = 2c at 0; 1 elsewhere. */
    @ParameterizedTest(name = "P1 with c = {1}")
    @MethodSource("cs")
    void p1(KinkPolicy policy, double c) {
        assertGradient("relu(x) - relu(-x)", 0, policy, 2 * c);
        assertGradient("relu(x) - relu(-x)", 0.25, policy, 1);
        assertGradient("relu(x) - relu(-x)", -3, policy, 1);
    }

    /** P2 relu(−x) + x (= relu): c·(−1) + 1 = 1 − c at 0, while plain relu gives c: same function, two derivatives. */
    @ParameterizedTest(name = "P2 with c = {1}")
    @MethodSource("cs")
    void p2(KinkPolicy policy, double c) {
        assertGradient("relu(-x) + x", 0, policy, 1 - c);
        assertGradient("relu(x)", 0, policy, c);
        assertGradient("relu(-x) + x", 2, policy, 1);
        assertGradient("relu(-x) + x", -2, policy, 0);
    }

    /** P3 if (x > 0) x else (if (−x > 0) x else 0) (= x): both tests fail at 0, the constant 0 is returned: 0. */
    @ParameterizedTest(name = "P3 with c = {1}")
    @MethodSource("cs")
    void p3(KinkPolicy policy, double c) {
        String p3 = "if (x > 0) x else (if (-x > 0) x else 0)";
        assertGradient(p3, 0, policy, 0);
        assertGradient(p3, 0.5, policy, 1);
        assertGradient(p3, -0.5, policy, 1);
        CheckResult r = check(p3, 0, policy);
        assertEquals(0.0, r.value());
        // the piece at 0 is {x ≤ 0, −x ≤ 0} = {0}
        assertTrue(r.induced().piece().contains(new double[] {0}));
        assertTrue(!r.induced().piece().contains(new double[] {0.5}) && !r.induced().piece().contains(new double[] {-0.5}));
    }

    /** P4 relu(relu(x)): at −1 the inner piece is constant, so c·0 = 0; at 0 both are on kinks: c·c. */
    @ParameterizedTest(name = "P4 with c = {1}")
    @MethodSource("cs")
    void p4(KinkPolicy policy, double c) {
        assertGradient("relu(relu(x))", -1, policy, 0);
        assertGradient("relu(relu(x))", 0, policy, c * c);
        assertGradient("relu(relu(x))", 1.5, policy, 1);
    }

    /** §6.12: If(x > 0, sqrt(x), 0) at −1 is 0 with derivative 0 (lazy if: sqrt never runs). */
    @Test
    void lazyIfAvoidsTheSqrtDomain() {
        CheckResult r = check("if (x > 0) sqrt(x) else 0", -1, KinkPolicy.mid());
        assertEquals(0.0, r.value());
        assertEquals(0.0, r.gradient().get("x"));
        assertTrue(r.intensional(), r.problems().toString());
        // and at 4: 1/(2·2)
        assertGradient("if (x > 0) sqrt(x) else 0", 4, KinkPolicy.mid(), 0.25);
    }

    /**
     * §6.12: sqrt(x² + y²) at (0, 0) gives the finite (0, 0) with a real sqrt′(0) (the default
     * infinite-slope value 0): 0·(2x) + 0·(2y). The norm is PAP ({0} is a singleton piece of sqrt on
     * [0, ∞)), so (0, 0) is intensional. (Theory also makes any other value legal at that isolated
     * point; the checker only searches kink-derivative choices of the primitives on the trace, which
     * cannot reach it — sqrt's free term θ·(x² + y²) has zero gradient there — so that is not asserted.)
     */
    @Test
    void normAtTheOriginIsFiniteAndIntensional() {
        Program p = Program.parse("sqrt(x*x + y*y)");
        CheckResult r = IntensionalChecker.check(p, at("x", 0.0, "y", 0.0), KinkPolicy.mid());
        assertEquals(Map.of("x", 0.0, "y", 0.0), r.gradient());
        assertTrue(r.intensional(), r.problems().toString());
        // the induced piece is the origin: {x² + y² = 0}
        assertTrue(r.induced().piece().contains(new double[] {0, 0}));
        assertTrue(!r.induced().piece().contains(new double[] {0.1, 0}) && !r.induced().piece().contains(new double[] {0, -1e-100}));
    }

    /** sqrt′(0) is the policy's finite value s (sqrt0=V); x^1.5 has derivative 1.5·0^0.5 = 0 at 0. */
    @ParameterizedTest(name = "sqrt0={0}")
    @org.junit.jupiter.params.provider.ValueSource(doubles = {0, 3, -1.5})
    void rootsAtZeroUseThePolicysFiniteSlope(double s) {
        KinkPolicy policy = KinkPolicy.parse("mid,sqrt0=" + s);
        CheckResult r = IntensionalChecker.check(Program.parse("sqrt(x)"), at("x", 0.0), policy);
        assertTrue(r.intensional(), r.problems().toString());
        assertClose(s, r.gradient().get("x"), "sqrt'(0)");
        CheckResult half = IntensionalChecker.check(Program.parse("x^0.5 + 2*x"), at("x", 0.0), policy);
        assertTrue(half.intensional(), half.problems().toString());
        assertClose(s + 2, half.gradient().get("x"), "(x^0.5 + 2x)'(0)");
        CheckResult p15 = IntensionalChecker.check(Program.parse("x^1.5"), at("x", 0.0), policy);
        assertTrue(p15.intensional(), p15.problems().toString());
        assertClose(0, p15.gradient().get("x"), "(x^1.5)'(0)");
    }

    /** Away from the origin the norm is analytic: (x, y)/r = (0.6, 0.8) at (3, 4). */
    @Test
    void normAwayFromTheOrigin() {
        CheckResult r = IntensionalChecker.check(Program.parse("sqrt(x*x + y*y)"), at("x", 3.0, "y", 4.0),
                KinkPolicy.mid());
        assertTrue(r.intensional(), r.problems().toString());
        assertClose(0.6, r.gradient().get("x"), "∂x");
        assertClose(0.8, r.gradient().get("y"), "∂y");
    }
}
