package dev.clarke.pap;

import static dev.clarke.pap.PapTestSupport.assertClose;
import static dev.clarke.pap.PapTestSupport.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.lang.GradientReport;
import dev.clarke.lang.Program;
import dev.clarke.ops.Family;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.pap.PapTestSupport.UnaryCase;
import dev.clarke.tensor.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Higher-order intensional derivatives (brief §1.5, §6.11): nested AD (Trace.gradVars, then grad)
 * gives the k-th derivative of the frozen branch; the derivative of relu′ is 0 everywhere.
 */
class HigherOrderTest {

    /** The k-th derivative of a one-variable program at x0 by k nested reverse passes. */
    static double nth(String src, double x0, int k, KinkPolicy policy) {
        Program p = Program.parse(src);
        Trace t = new Trace(policy, DType.F64);
        Var x = t.input(x0);
        Var d = p.evaluate(t, Map.of("x", x));
        for (int i = 0; i < k - 1; i++) {
            d = t.gradVars(d, List.of(x)).get(0);
        }
        return t.grad(d, x).of(x).item();
    }

    /** P5: (if x > 0 then x² else 0)'' = 2 on x > 0 and 0 on x ≤ 0 — so 0 at 0, where f'' does not exist. */
    @ParameterizedTest(name = "P5 at {0}")
    @CsvSource({"0, 0", "1, 2", "0.25, 2", "1e-300, 2", "-1, 0", "-0.0, 0"})
    void p5SecondDerivative(double x, double expected) {
        for (KinkPolicy policy : PapTestSupport.presets()) {
            assertClose(expected, nth("if (x > 0) x*x else 0", x, 2, policy), "P5'' at " + x + " under " + policy);
        }
        GradientReport r = GradientReport.compute(Program.parse("if (x > 0) x*x else 0"), at("x", x), KinkPolicy.mid(),
                DType.F64, 2);
        assertClose(expected, r.gradient().get("x"), "GradientReport order 2");
    }

    /** (if x > 0 then x³ else 0)''' = 6 on x > 0, 0 on x ≤ 0. */
    @ParameterizedTest(name = "x³ branch at {0}")
    @CsvSource({"0, 0", "1, 6", "-2, 0", "0.5, 6"})
    void thirdDerivative(double x, double expected) {
        assertClose(expected, nth("if (x > 0) x*x*x else 0", x, 3, KinkPolicy.mid()), "''' at " + x);
    }

    static Stream<Arguments> reluPolicies() {
        return PapTestSupport.reluSlopeAtZero().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    /** relu′ = step with the policy's value c at 0; its derivative is 0 everywhere, 0 included. */
    @ParameterizedTest(name = "relu'' under {0}")
    @MethodSource("reluPolicies")
    void reluSecondDerivativeIsZeroEverywhere(KinkPolicy policy, double c) {
        for (double x0 : new double[] {-1, 0, -0.0, 1e-300, -1e-300, 2}) {
            Trace t = new Trace(policy, DType.F64);
            Var x = t.input(x0);
            Var g = t.gradVars(x.relu(), List.of(x)).get(0);
            double first = x0 > 0 ? 1 : x0 < 0 ? 0 : c;
            assertClose(first, g.item(), "relu′(" + x0 + ")");
            assertEquals(0.0, t.grad(g, x).of(x).item(), "relu′′(" + x0 + ") under " + policy);
        }
    }

    /** Every piecewise primitive's second derivative, kinks included: 0, except hardswish's quadratic middle (1/3). */
    static Stream<Arguments> unaryCases() {
        List<Arguments> out = new ArrayList<>();
        for (UnaryCase c : PapTestSupport.unaryCases()) {
            out.add(Arguments.of(c));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}''")
    @MethodSource("unaryCases")
    void piecewiseSecondDerivatives(UnaryCase c) {
        List<Double> xs = new ArrayList<>(c.kinkPoints());
        xs.addAll(List.of(-7.3, -2.9, -1.2, -0.4, 0.3, 1.7, 2.95, 4.4, 8.1));
        for (KinkPolicy policy : List.of(KinkPolicy.mid(), KinkPolicy.parse("left," + c.family().id() + "=7"))) {
            for (double x0 : xs) {
                Trace t = new Trace(policy, DType.F64);
                Var x = t.input(x0);
                Var g = t.gradVars(c.apply(x), List.of(x)).get(0);
                double second = t.grad(g, x).of(x).item();
                // hardswish = x(x+3)/6 strictly inside (−3, 3): (x² + 3x)/6 → '' = 1/3; linear (or kink) elsewhere
                double expected = c.family() == Family.HARDSWISH && x0 > -3 && x0 < 3 ? 1.0 / 3 : 0;
                assertClose(expected, second, c + "'' at " + x0 + " under " + policy);
                // the declared branch of the piece agrees (symbolic second derivative)
                Piece p = Declarations.unary(c.family(), c.params(), policy).pieceAt(new double[] {x0});
                assertClose(expected, p.branch().derivative(0).derivative(0).eval(new double[] {x0}),
                        c + " declared branch'' at " + x0);
            }
        }
    }

    /**
     * Nested AD against the induced branch's symbolic second derivative, with hand values:
     * sin(x)·relu(x) at 0 → sin·(c·x): '' = 2c·cos 0 = 1 (mid); hardswish(x)·x at 1 → (x³ + 3x²)/6: '' = x + 1 = 2; at −3 → D·(x+3)·x: '' = 2D
     * = −0.5 (mid, D = −¼); max(x², 2x) at 2 (tie) → ½x² + x: '' = 1; at 3: x² → 2; if-branch exp at 1 → e.
     */
    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({"'sin(x) * relu(x)', 0, 1", "'sin(x) * relu(x)', -1, 0", "'hardswish(x) * x', -3, -0.5",
        "'hardswish(x) * x', 1, 2", "'max(x*x, 2*x)', 2, 1", "'max(x*x, 2*x)', 3, 2",
        "'max(x*x, 2*x)', 0, 1", "'if (x > 0) exp(x) else x*x', 1, 2.718281828459045",
        "'if (x > 0) exp(x) else x*x', 0, 2"})
    void nestedAdMatchesTheInducedBranch(String src, double x0, double expected) {
        assertClose(expected, nth(src, x0, 2, KinkPolicy.mid()), "nested AD");
        InducedRepresentation r = PapTestSupport.induced(src, KinkPolicy.mid(), at("x", x0));
        assertClose(expected, r.branch().derivative(0).derivative(0).eval(new double[] {x0}), "symbolic branch''");
    }
}
