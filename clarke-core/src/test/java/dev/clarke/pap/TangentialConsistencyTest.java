package dev.clarke.pap;

import static dev.clarke.pap.Analytic.arg;
import static dev.clarke.pap.Analytic.c;
import static dev.clarke.pap.PapTestSupport.assertClose;
import static dev.clarke.pap.PapTestSupport.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.Backward;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.lang.Program;
import dev.clarke.ops.Family;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tangential consistency on lower-dimensional pieces (paper §1.5): on the tie line of max/min the
 * partials sum to 1, |x − y| on x = y has gradient (k, −k), and a user primitive whose tie branch is
 * not tangentially consistent is reported by the induced representation and the checker.
 */
class TangentialConsistencyTest {

    static Stream<Arguments> maxMinPolicies() {
        List<Arguments> out = new ArrayList<>();
        for (Family f : List.of(Family.MAX, Family.MIN)) {
            for (KinkPolicy p : PapTestSupport.policiesFor(f)) {
                out.add(Arguments.of(f, p));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("maxMinPolicies")
    void tiePartialsSumToOneAndAreIntensional(Family f, KinkPolicy policy) {
        for (double v : new double[] {0, 1, -3.5, 1e-300, 12345.678}) {
            Trace t = new Trace(policy, DType.F64);
            Var a = t.input(v);
            Var b = t.input(v);
            Var y = f == Family.MAX ? a.max(b) : a.min(b);
            var g = t.grad(y, a, b);
            assertClose(1, g.of(a).item() + g.of(b).item(), f.id() + " tie at " + v + " under " + policy);

            CheckResult r = IntensionalChecker.check(Program.parse(f.id() + "(x, y)"), at("x", v, "y", v), policy);
            assertTrue(r.intensional(), r.problems().toString());
            assertClose(1, r.gradient().get("x") + r.gradient().get("y"), "checker's gradient sums to 1");
            assertEquals(List.of(), r.induced().inconsistencies());
        }
    }

    /**
     * By hand, max's tie kink has (D⁻, D⁺) = (0, 1) in ∂a and min's (1, 0); ∂a = λD⁻ + (1−λ)D⁺ (or the
     * override), ∂b = 1 − ∂a.
     */
    static Stream<Arguments> tieGradientsByHand() {
        return Stream.of(
                Arguments.of("max(x, y)", KinkPolicy.mid(), 0.5, 0.5),
                Arguments.of("max(x, y)", KinkPolicy.left(), 0.0, 1.0),
                Arguments.of("max(x, y)", KinkPolicy.right(), 1.0, 0.0),
                Arguments.of("max(x, y)", KinkPolicy.lambda(0.3), 0.7, 0.3),
                Arguments.of("max(x, y)", KinkPolicy.pytorch(), 0.5, 0.5),
                Arguments.of("max(x, y)", KinkPolicy.parse("max=0.3"), 0.3, 0.7),
                Arguments.of("max(x, y)", KinkPolicy.parse("max=7"), 7.0, -6.0),
                Arguments.of("min(x, y)", KinkPolicy.left(), 1.0, 0.0),
                Arguments.of("min(x, y)", KinkPolicy.right(), 0.0, 1.0),
                Arguments.of("min(x, y)", KinkPolicy.lambda(0.3), 0.3, 0.7));
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("tieGradientsByHand")
    void tieGradientsMatchHandDerivation(String src, KinkPolicy policy, double gx, double gy) {
        CheckResult r = IntensionalChecker.check(Program.parse(src), at("x", 2.0, "y", 2.0), policy);
        assertTrue(r.intensional(), r.problems().toString());
        assertClose(gx, r.gradient().get("x"), src + " ∂x");
        assertClose(gy, r.gradient().get("y"), src + " ∂y");
    }

    /**
     * |x − y| on x = y: the kink of abs at 0 composed with x − y gives (k, −k), k = abs′(0) = λ·(−1) +
     * (1−λ)·1: mid 0, left −1, right 1, λ=0.3 → 0.4, pytorch (λ=½) 0, abs=7 → 7.
     */
    static Stream<Arguments> absDifference() {
        return Stream.of(Arguments.of(KinkPolicy.mid(), 0.0), Arguments.of(KinkPolicy.left(), -1.0),
                Arguments.of(KinkPolicy.right(), 1.0), Arguments.of(KinkPolicy.lambda(0.3), 0.4),
                Arguments.of(KinkPolicy.pytorch(), 0.0), Arguments.of(KinkPolicy.parse("abs=7"), 7.0),
                Arguments.of(KinkPolicy.parse("pytorch,relu=0.3,abs=7"), 7.0));
    }

    @ParameterizedTest(name = "abs(x - y) under {0}")
    @MethodSource("absDifference")
    void absOfDifferenceOnTheDiagonal(KinkPolicy policy, double k) {
        Program p = Program.parse("abs(x - y)");
        CheckResult r = IntensionalChecker.check(p, at("x", 1.5, "y", 1.5), policy);
        assertTrue(r.intensional(), r.problems().toString());
        assertClose(k, r.gradient().get("x"), "∂x");
        assertClose(-k, r.gradient().get("y"), "∂y");
        // any (k', −k') is intensional; a gradient with a non-zero component along (1, 1) is not
        assertTrue(IntensionalChecker.isIntensional(p, at("x", 1.5, "y", 1.5), policy, at("x", 3.25, "y", -3.25))
                .intensional());
        assertFalse(IntensionalChecker.isIntensional(p, at("x", 1.5, "y", 1.5), policy, at("x", 1, "y", 1))
                .intensional());
        assertFalse(IntensionalChecker.isIntensional(p, at("x", 1.5, "y", 1.5), policy, at("x", 0.5, "y", 0))
                .intensional());
    }

    // ---- user primitives with tie pieces -------------------------------------------------------

    /** A max(a, b) whose tie piece has the given branch. */
    private static PapRepresentation userMax(Analytic tieBranch, boolean tieFlaggedLowerDimensional) {
        Analytic a = arg(0);
        Analytic b = arg(1);
        return PapRepresentation.of(2, v -> Math.max(v[0], v[1]), List.of(
                new Piece("a > b", AnalyticSet.positive(a.minus(b)), a, false),
                new Piece("a < b", AnalyticSet.positive(b.minus(a)), b, false),
                new Piece("a = b", AnalyticSet.zero(a.minus(b)), tieBranch, tieFlaggedLowerDimensional)));
    }

    /** Only (0, 0) on the tie line, so a constant-0 tie branch passes value validation. */
    private static final List<double[]> SAMPLES = List.of(new double[] {1, 0}, new double[] {0, 1},
            new double[] {0, 0}, new double[] {-2, 3}, new double[] {5, -1});

    /** Applies the registered primitive at (a, b) and runs the trace-level checker on AD's gradient. */
    private static CheckResult applyAndJudge(UserPrimitive p, double av, double bv) {
        Trace t = new Trace(KinkPolicy.mid(), DType.F64);
        Var a = t.input(av);
        Var b = t.input(bv);
        Var y = p.apply(a, b);
        var g = t.grad(y, List.of(a, b), Backward.RETAIN);
        return IntensionalChecker.check(t, y, List.of(a, b), List.of("a", "b"),
                new double[] {g.of(a).item(), g.of(b).item()}, UserPrimitive.representations());
    }

    @Test
    void tieBranchWithZeroGradientIsReportedWhenUsed() {
        UserPrimitive bad = UserPrimitive.register("tangential_bad_max", userMax(c(0), true), SAMPLES);
        CheckResult r = applyAndJudge(bad, 0, 0);
        // AD follows the tie branch: gradient (0, 0), whose sum is 0, not 1
        assertEquals(0.0, r.gradient().get("a"));
        assertEquals(0.0, r.gradient().get("b"));
        assertFalse(r.intensional());
        assertEquals(1, r.induced().inconsistencies().size(), r.induced().inconsistencies().toString());
        String msg = r.induced().inconsistencies().get(0);
        assertTrue(msg.contains("user:tangential_bad_max") && msg.contains("a = b"), msg);
        assertTrue(r.problems().containsAll(r.induced().inconsistencies()), r.problems().toString());
        // off the tie the same primitive is fine
        CheckResult off = applyAndJudge(bad, 2, 1);
        assertTrue(off.intensional(), off.problems().toString());
        assertClose(new double[] {1, 0}, new double[] {off.gradient().get("a"), off.gradient().get("b")}, "off tie");
    }

    @Test
    void aTiePointBeyondTheSamplesIsCaughtByTheValueCheck() {
        UserPrimitive bad = UserPrimitive.register("tangential_bad_max2", userMax(c(0), true), SAMPLES);
        CheckResult r = applyAndJudge(bad, 2, 2);
        assertFalse(r.intensional());
        assertTrue(r.problems().stream().anyMatch(s -> s.contains("frozen branch gives 0.0 but the program gives 2.0")),
                r.problems().toString());
        // and registering with a tie sample other than the origin refuses it
        List<double[]> withTie = new ArrayList<>(SAMPLES);
        withTie.add(new double[] {2, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UserPrimitive.register("tangential_bad_max3", userMax(c(0), true), withTie));
        assertTrue(e.getMessage().contains("gives 0.0 but the function gives 2.0"), e.getMessage());
    }

    /** (½, ½) via (a + b)/2 and (2, −1) via 2a − b both have tangential derivative 1: consistent. */
    @Test
    void consistentTieBranchesAreAccepted() {
        Analytic a = arg(0);
        Analytic b = arg(1);
        UserPrimitive half = UserPrimitive.register("tangential_half_max", userMax(a.plus(b).times(0.5), true), SAMPLES);
        UserPrimitive skew = UserPrimitive.register("tangential_skew_max", userMax(a.times(2).minus(b), true), SAMPLES);
        CheckResult rh = applyAndJudge(half, 3, 3);
        CheckResult rs = applyAndJudge(skew, 3, 3);
        assertTrue(rh.intensional(), rh.problems().toString());
        assertTrue(rs.intensional(), rs.problems().toString());
        assertClose(new double[] {0.5, 0.5}, new double[] {rh.gradient().get("a"), rh.gradient().get("b")}, "half");
        assertClose(new double[] {2, -1}, new double[] {rs.gradient().get("a"), rs.gradient().get("b")}, "skew");
        assertClose(3, rs.value(), "value");
    }

    /**
     * GAP: the tangential check runs only on pieces flagged lowerDimensional, and that flag is taken
     * on trust. The same zero-gradient tie branch flagged as full-dimensional passes registration and
     * the checker accepts (0, 0) at a tie — which is not an intensional derivative of max there. The
     * set {a − b ≤ 0, b − a ≤ 0} has equality constraints; the check should not depend on the flag.
     */
    @Test
    void unflaggedTiePieceIsStillCheckedForTangentialConsistency() {
        UserPrimitive sneaky = UserPrimitive.register("tangential_unflagged_max", userMax(c(0), false), SAMPLES);
        CheckResult r = applyAndJudge(sneaky, 0, 0);
        assertFalse(r.intensional(), "the gradient (0, 0) at a tie of max was accepted");
    }

    /**
     * BUG (Tangential.check): the tangential derivative is taken by central differences of the
     * primitive with step h = 1e-6·(1 + max|x|). Near a tie of a 3-element max whose third element is
     * within h of the tied value, the difference along the tangent (1, 1, 0) crosses into another
     * piece, and a correct AD gradient is reported as tangentially inconsistent. At (1, 1, 1 − 1e-7)
     * the tie {x = y} piece's branch (x + y)/2 (mid) has tangential derivative 1, as does max there.
     */
    @Test
    void nearbyThirdElementDoesNotMakeATieInconsistent() {
        CheckResult r = IntensionalChecker.check(Program.parse("max([x, y, z])"),
                at("x", 1.0, "y", 1.0, "z", 1 - 1e-7), KinkPolicy.mid());
        assertClose(new double[] {0.5, 0.5, 0}, new double[] {r.gradient().get("x"), r.gradient().get("y"),
            r.gradient().get("z")}, "AD weights");
        assertEquals(List.of(), r.induced().inconsistencies());
        assertTrue(r.intensional(), r.problems().toString());
    }
}
