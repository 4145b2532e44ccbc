package dev.clarke.pap;

import static dev.clarke.pap.Analytic.arg;
import static dev.clarke.pap.Analytic.c;
import static dev.clarke.pap.PapTestSupport.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.Backward;
import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Registration of user primitives: valid representations give hand-derived values and derivatives of every order; invalid ones are refused with a reason. */
class UserPrimitiveTest {

    private static final Analytic X = arg(0);

    /** Huber-like smooth abs: x²/2 on [−1, 1], |x| − ½ outside (C¹, not C²). */
    static PapRepresentation smoothAbs() {
        return PapRepresentation.of(1, v -> Math.abs(v[0]) <= 1 ? v[0] * v[0] / 2 : Math.abs(v[0]) - 0.5, List.of(
                new Piece("x > 1", AnalyticSet.positive(X.minus(c(1))), X.minus(c(0.5)), false),
                new Piece("x < -1", AnalyticSet.positive(c(-1).minus(X)), X.negate().minus(c(0.5)), false),
                new Piece("-1 <= x <= 1", new AnalyticSet(List.of(), List.of(X.minus(c(1)), c(-1).minus(X))),
                        new Analytic.Power(X, 2).times(0.5), false)));
    }

    static final List<double[]> SMOOTH_ABS_SAMPLES = List.of(new double[] {-3}, new double[] {-1},
            new double[] {Math.nextDown(-1.0)}, new double[] {-0.5}, new double[] {0}, new double[] {0.5},
            new double[] {1}, new double[] {Math.nextUp(1.0)}, new double[] {2});

    /** value, first and second derivative, by hand: inside x²/2 → (x²/2, x, 1); outside |x| − ½ → (…, ±1, 0). */
    @ParameterizedTest(name = "smooth abs at {0}")
    @CsvSource({"0.5, 0.125, 0.5, 1", "-0.5, 0.125, -0.5, 1", "0, 0, 0, 1", "1, 0.5, 1, 1", "-1, 0.5, -1, 1",
        "2, 1.5, 1, 0", "-3, 2.5, -1, 0"})
    void smoothAbsValueGradientAndSecondDerivative(double x0, double value, double d1, double d2) {
        UserPrimitive p = UserPrimitive.register("smooth_abs", smoothAbs(), SMOOTH_ABS_SAMPLES);
        Trace t = new Trace(KinkPolicy.mid(), DType.F64);
        Var x = t.input(x0);
        Var y = p.apply(x);
        assertClose(value, y.item(), "value");
        Var g = t.gradVars(y, List.of(x)).get(0);
        assertClose(d1, g.item(), "first derivative by reverse mode");
        assertClose(d1, t.jvp(y, Map.of(x, Tensor.scalar(1, DType.F64))).item(), "first derivative by forward mode");
        assertClose(d2, t.grad(g, x).of(x).item(), "second derivative by reverse over reverse");
    }

    @Test
    void smoothAbsSecondDerivativeJumpsRightAfterTheBoundary() {
        UserPrimitive p = UserPrimitive.register("smooth_abs_edge", smoothAbs(), SMOOTH_ABS_SAMPLES);
        Trace t = new Trace();
        Var x = t.input(Math.nextUp(1.0));
        Var g = t.gradVars(p.apply(x), List.of(x)).get(0);
        assertClose(1, g.item(), "slope of |x| − ½");
        assertEquals(0.0, t.grad(g, x).of(x).item(), "outer piece is linear");
    }

    /** clip at 1 (the UserPrimitive javadoc example): x below 1, 1 from 1 on. */
    @ParameterizedTest(name = "clip at {0}")
    @CsvSource({"0.5, 0.5, 1", "-2, -2, 1", "1, 1, 0", "3, 1, 0"})
    void clipValueAndGradient(double x0, double value, double slope) {
        PapRepresentation clip = PapRepresentation.of(1, v -> Math.min(v[0], 1), List.of(
                new Piece("x < 1", AnalyticSet.positive(c(1).minus(X)), X, false),
                new Piece("x >= 1", AnalyticSet.nonPositive(c(1).minus(X)), c(1), false)));
        UserPrimitive p = UserPrimitive.register("clip1", clip, List.of(new double[] {0}, new double[] {1},
                new double[] {2}, new double[] {Math.nextDown(1.0)}));
        Trace t = new Trace();
        Var x = t.input(x0);
        Var y = p.apply(x);
        assertClose(value, y.item(), "value");
        assertClose(slope, t.grad(y, x).of(x).item(), "gradient");
    }

    /** a·b where a > 0, else 0: gradient (b, a) / (0, 0); mixed second derivative 1 / 0. */
    @ParameterizedTest(name = "gated product at ({0}, {1})")
    @CsvSource({"2, 3, 6, 3, 2, 1", "-1, 3, 0, 0, 0, 0", "0, 5, 0, 0, 0, 0", "0.5, -4, -2, -4, 0.5, 1"})
    void twoArgumentPrimitive(double a0, double b0, double value, double da, double db, double dab) {
        Analytic a = arg(0);
        Analytic b = arg(1);
        PapRepresentation gated = PapRepresentation.of(2, v -> v[0] > 0 ? v[0] * v[1] : 0, List.of(
                new Piece("a > 0", AnalyticSet.positive(a), a.times(b), false),
                new Piece("a <= 0", AnalyticSet.nonPositive(a), c(0), false)));
        UserPrimitive p = UserPrimitive.register("gated_product", gated,
                List.of(new double[] {1, 1}, new double[] {0, 1}, new double[] {-1, 2}));
        Trace t = new Trace();
        Var va = t.input(a0);
        Var vb = t.input(b0);
        Var y = p.apply(va, vb);
        assertClose(value, y.item(), "value");
        List<Var> g = t.gradVars(y, List.of(va, vb));
        assertClose(da, g.get(0).item(), "∂a");
        assertClose(db, g.get(1).item(), "∂b");
        var second = t.grad(g.get(0), List.of(va, vb), Backward.RETAIN);
        assertClose(0, second.of(va).item(), "∂²/∂a²");
        assertClose(dab, second.of(vb).item(), "∂²/∂a∂b");
    }

    @Test
    void registeredPrimitivesAreLookedUpAndComposeInTheChecker() {
        UserPrimitive p = UserPrimitive.register("smooth_abs_lookup", smoothAbs(), SMOOTH_ABS_SAMPLES);
        assertSame(p, UserPrimitive.lookup("smooth_abs_lookup"));
        assertEquals("user:smooth_abs_lookup", p.opName());
        assertSame(p.representation(), UserPrimitive.representations().get("user:smooth_abs_lookup"));
        // smoothAbs(x)·sin(x) at 0.5: value 0.125·sin 0.5; derivative 0.5·sin 0.5 + 0.125·cos 0.5
        Trace t = new Trace();
        Var x = t.input(0.5);
        Var y = p.apply(x).mul(x.sin());
        double ad = t.grad(y, List.of(x), Backward.RETAIN).of(x).item();
        assertClose(0.5 * Math.sin(0.5) + 0.125 * Math.cos(0.5), ad, "AD");
        InducedRepresentation ind = InducedRepresentation.of(t, y, UserPrimitive.representations());
        assertClose(0.125 * Math.sin(0.5), ind.branch().eval(new double[] {0.5}), "frozen branch value");
        assertClose(ad, ind.branch().gradient(new double[] {0.5}, 1)[0], "frozen branch derivative");
        assertTrue(ind.piece().contains(new double[] {0.9}) && !ind.piece().contains(new double[] {1.1}),
                "piece is [-1, 1]");
        CheckResult r = IntensionalChecker.check(t, y, List.of(x), List.of("x"), new double[] {ad},
                UserPrimitive.representations());
        assertTrue(r.intensional(), r.problems().toString());
        assertTrue(!IntensionalChecker.check(t, y, List.of(x), List.of("x"), new double[] {ad + 0.01},
                UserPrimitive.representations()).intensional(), "a wrong derivative at a smooth point");
    }

    /**
     * The trace-level checker takes the inputs with their names; listing them in another order than
     * they were made must not change the verdict. y = a·sin(b) + gated(a, b) at (a, b) = (2, 0.5):
     * ∂a = sin 0.5 + b = sin 0.5 + 0.5, ∂b = a·cos 0.5 + a = 2 cos 0.5 + 2.
     */
    @Test
    void traceLevelCheckIsIndependentOfInputListOrder() {
        Analytic a = arg(0);
        Analytic b = arg(1);
        UserPrimitive gated = UserPrimitive.register("gated_product_order", PapRepresentation.of(2,
                v -> v[0] > 0 ? v[0] * v[1] : 0, List.of(new Piece("a > 0", AnalyticSet.positive(a), a.times(b), false),
                        new Piece("a <= 0", AnalyticSet.nonPositive(a), c(0), false))),
                List.of(new double[] {1, 1}, new double[] {-1, 1}));
        Trace t = new Trace();
        Var va = t.input(2.0);
        Var vb = t.input(0.5);
        Var y = va.mul(vb.sin()).add(gated.apply(va, vb));
        double da = Math.sin(0.5) + 0.5;
        double db = 2 * Math.cos(0.5) + 2;
        CheckResult inOrder = IntensionalChecker.check(t, y, List.of(va, vb), List.of("a", "b"), new double[] {da, db},
                UserPrimitive.representations());
        assertTrue(inOrder.intensional(), inOrder.problems().toString());
        CheckResult swapped = IntensionalChecker.check(t, y, List.of(vb, va), List.of("b", "a"), new double[] {db, da},
                UserPrimitive.representations());
        assertTrue(swapped.intensional(), "same gradient, inputs listed as (b, a): " + swapped.problems());
    }

    // ---- refusals ------------------------------------------------------------------------------

    private static String refusal(String name, PapRepresentation rep, List<double[]> samples) {
        return assertThrows(IllegalArgumentException.class, () -> UserPrimitive.register(name, rep, samples)).getMessage();
    }

    @Test
    void noRepresentationIsRefused() {
        String m = refusal("cantor_none", null, List.of(new double[] {0}));
        assertTrue(m.contains("no PAP representation") && m.contains("cantor_none"), m);
    }

    @Test
    void overlappingPiecesAreRefused() {
        PapRepresentation overlap = PapRepresentation.of(1, v -> Math.max(v[0], 0), List.of(
                new Piece("x >= 0", AnalyticSet.nonPositive(X.negate()), X, false),
                new Piece("x <= 0", AnalyticSet.nonPositive(X), c(0), false)));
        String m = refusal("relu_overlap", overlap, List.of(new double[] {-1}, new double[] {0}, new double[] {1}));
        assertTrue(m.contains("2 pieces contain [0.0]") && m.contains("x >= 0") && m.contains("x <= 0"), m);
    }

    @Test
    void aGapIsRefusedAndAnUnsampledGapFailsWhenApplied() {
        PapRepresentation gap = PapRepresentation.of(1, v -> Math.max(v[0], 0), List.of(
                new Piece("x > 0", AnalyticSet.positive(X), X, false),
                new Piece("x < 0", AnalyticSet.positive(X.negate()), c(0), false)));
        String m = refusal("relu_gap", gap, List.of(new double[] {-1}, new double[] {0}, new double[] {1}));
        assertTrue(m.contains("0 pieces contain [0.0]"), m);
        // validation only sees its samples: without 0 it registers, and applying at 0 then fails loudly
        UserPrimitive p = UserPrimitive.register("relu_gap_unsampled", gap, List.of(new double[] {-1}, new double[] {1}));
        Trace t = new Trace();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.apply(t.input(0.0)));
        assertTrue(e.getMessage().contains("0 pieces contain [0.0]"), e.getMessage());
    }

    /** The Cantor function (ternary digits → binary), the Claim-3 primitive, declared as one analytic piece x. */
    static double cantor(double x) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double r = 0;
        double scale = 0.5;
        for (int i = 0; i < 60; i++) {
            x *= 3;
            if (x >= 2) {
                r += scale;
                x -= 2;
            } else if (x >= 1) {
                return r + scale;
            }
            scale /= 2;
        }
        return r;
    }

    @Test
    void cantorDeclaredAsTheIdentityFailsTheValueCheck() {
        // C(0) = 0, C(½) = ½, C(1) = 1 agree with x; C(¼) = 1/3 (¼ = 0.0202…₃ → 0.0101…₂) does not
        assertClose(1.0 / 3, cantor(0.25), "oracle C(1/4)");
        PapRepresentation fake = PapRepresentation.of(1, v -> cantor(v[0]),
                List.of(new Piece("everywhere", AnalyticSet.ALL, X, false)));
        String m = refusal("cantor", fake, List.of(new double[] {0}, new double[] {0.5}, new double[] {0.25},
                new double[] {1}));
        assertTrue(m.contains("at [0.25]") && m.contains("gives 0.25 but the function gives 0.333333333333"), m);
    }

    @Test
    void missingOrMalformedSamplesAndNamesAreRefused() {
        PapRepresentation ok = smoothAbs();
        assertTrue(refusal("no_samples", ok, List.of()).contains("give sample points"));
        assertTrue(refusal("null_samples", ok, null).contains("give sample points"));
        String arity = refusal("bad_arity", ok, List.of(new double[] {1, 2}));
        assertTrue(arity.contains("a sample has 2 coordinates, the primitive takes 1"), arity);
        assertTrue(refusal("not a name", ok, List.of(new double[] {0})).contains("must be an identifier"));
        assertTrue(refusal(null, ok, List.of(new double[] {0})).contains("must be an identifier"));
    }

    @Test
    void aBranchUsedOutsideItsDomainIsRefused() {
        PapRepresentation logRep = PapRepresentation.of(1, v -> v[0] > -1 ? Math.log(v[0]) : 0, List.of(
                new Piece("x > -1", AnalyticSet.positive(X.plus(c(1))), Analytic.call(Fn.LOG, X), false),
                new Piece("x <= -1", AnalyticSet.nonPositive(X.plus(c(1))), c(0), false)));
        String m = refusal("bad_log", logRep, List.of(new double[] {2}, new double[] {-0.5}));
        assertTrue(m.contains("[-0.5] is outside the domain of the branch of piece 'x > -1'"), m);
    }

    @Test
    void applyChecksArgumentsCount() {
        UserPrimitive p = UserPrimitive.register("smooth_abs_arity", smoothAbs(), SMOOTH_ABS_SAMPLES);
        Trace t = new Trace();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.apply(t.input(1.0), t.input(2.0)));
        assertTrue(e.getMessage().contains("takes 1 arguments, got 2"), e.getMessage());
    }
}
