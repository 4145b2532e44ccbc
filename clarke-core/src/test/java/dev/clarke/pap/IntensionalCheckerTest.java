package dev.clarke.pap;

import static dev.clarke.pap.PapTestSupport.assertClose;
import static dev.clarke.pap.PapTestSupport.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.lang.Program;
import dev.clarke.ops.KinkPolicy;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The checker on given gradients: what it accepts and rejects, and why. */
class IntensionalCheckerTest {

    private static boolean accepts(String src, Map<String, Double> x, Map<String, Double> g) {
        return IntensionalChecker.isIntensional(Program.parse(src), x, KinkPolicy.mid(), g).intensional();
    }

    /** max on the tie x = y: exactly the gradients (1 + k, −k) are intensional (brief §1.5). */
    static Stream<Arguments> maxTie() {
        return Stream.of(Arguments.of(0.5, 0.5, true), Arguments.of(1.0, 0.0, true), Arguments.of(0.0, 1.0, true),
                Arguments.of(2.0, -1.0, true), Arguments.of(0.0, 0.0, false), Arguments.of(1.0, 1.0, false),
                Arguments.of(0.5, 0.6, false));
    }

    @ParameterizedTest(name = "max tie gradient ({0}, {1}) intensional: {2}")
    @MethodSource("maxTie")
    void maxTieGradients(double gx, double gy, boolean expected) {
        assertEquals(expected, accepts("max(x, y)", at("x", 1.0, "y", 1.0), at("x", gx, "y", gy)));
        // off the tie only the true gradient (1, 0) is accepted
        assertEquals(gx == 1 && gy == 0, accepts("max(x, y)", at("x", 2.0, "y", 1.0), at("x", gx, "y", gy)));
    }

    /** A 2-tie among 3: (w, 1 − w, 0) is intensional; TF's old "full gradient to each tied element" (1, 1, 0) is not. */
    @Test
    void reductionTieGradients() {
        Map<String, Double> x = at("x", 1.0, "y", 1.0, "z", 0.0);
        assertTrue(accepts("max([x, y, z])", x, at("x", 0.2, "y", 0.8, "z", 0)));
        assertTrue(accepts("max([x, y, z])", x, at("x", -1, "y", 2, "z", 0)));
        assertFalse(accepts("max([x, y, z])", x, at("x", 1, "y", 1, "z", 0)));
        assertFalse(accepts("max([x, y, z])", x, at("x", 0.5, "y", 0.5, "z", 0.1)));
        // a 3-tie: any weights summing to 1
        Map<String, Double> x3 = at("x", 2.0, "y", 2.0, "z", 2.0);
        assertTrue(accepts("max([x, y, z])", x3, at("x", 0.1, "y", 0.2, "z", 0.7)));
        assertFalse(accepts("max([x, y, z])", x3, at("x", 1, "y", 1, "z", 1)));
    }

    @Test
    void wrongGradientAtASmoothPointIsRejected() {
        Program sin = Program.parse("sin(x)");
        CheckResult r = IntensionalChecker.isIntensional(sin, at("x", 0.3), KinkPolicy.mid(), at("x", 0.5));
        assertFalse(r.intensional());
        assertEquals(1, r.problems().size(), r.problems().toString());
        String m = r.problems().get(0);
        assertTrue(m.contains("is not the derivative of the frozen branch") && m.contains("no kink lies on the trace"), m);
        assertClose(Math.cos(0.3), r.branchGradient().get("x"), "branch gradient cos(0.3)");
        assertClose(Math.sin(0.3), r.value(), "value");
        assertClose(Math.sin(0.3), r.branchValue(), "branch value");
        assertTrue(IntensionalChecker.isIntensional(sin, at("x", 0.3), KinkPolicy.mid(), at("x", Math.cos(0.3)))
                .intensional());
        // the tolerance is tight: off by 1e-6 is wrong
        assertFalse(IntensionalChecker.isIntensional(sin, at("x", 0.3), KinkPolicy.mid(),
                at("x", Math.cos(0.3) + 1e-6)).intensional());
    }

    @Test
    void nonFiniteGradientsAreRejected() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            for (double x : new double[] {0, 0.3}) {
                CheckResult r = IntensionalChecker.isIntensional(Program.parse("relu(x)"), at("x", x), KinkPolicy.mid(),
                        at("x", bad));
                assertFalse(r.intensional(), bad + " at " + x);
                assertTrue(r.problems().stream().anyMatch(s -> s.contains("not finite")), r.problems().toString());
            }
        }
    }

    /** At an isolated kink (P1 at 0, piece {0}) any finite value is intensional; one step away, only 1. */
    @Test
    void isolatedPointsAreFreeOthersAreNot() {
        for (double g : new double[] {42, -3, 0, 1}) {
            assertTrue(accepts("relu(x) - relu(-x)", at("x", 0.0), at("x", g)), "P1 at 0 with " + g);
            assertEquals(g == 1, accepts("relu(x) - relu(-x)", at("x", 0.3), at("x", g)), "P1 at 0.3 with " + g);
        }
        // relu at its kink: any finite slope; P4 at −1 is in a flat piece interior: only 0
        assertTrue(accepts("relu(x)", at("x", 0.0), at("x", -12.5)));
        assertFalse(accepts("relu(relu(x))", at("x", -1.0), at("x", 5)));
        assertTrue(accepts("relu(relu(x))", at("x", -1.0), at("x", 0)));
    }

    /** A kink whose branch is multiplied by a flat factor cannot move the gradient: 0·relu(x) + x at 0 only takes 1. */
    @Test
    void kinksThatDoNotReachTheOutputDoNotWiden() {
        assertTrue(accepts("0*relu(x) + x", at("x", 0.0), at("x", 1)));
        assertFalse(accepts("0*relu(x) + x", at("x", 0.0), at("x", 2)));
    }

    @Test
    void argumentErrorsAreReported() {
        Program p = Program.parse("x + y");
        IllegalArgumentException noValue = assertThrows(IllegalArgumentException.class,
                () -> IntensionalChecker.check(p, at("x", 1.0), KinkPolicy.mid()));
        assertTrue(noValue.getMessage().contains("'y' has no value"), noValue.getMessage());
        IllegalArgumentException noGrad = assertThrows(IllegalArgumentException.class,
                () -> IntensionalChecker.isIntensional(p, at("x", 1.0, "y", 2.0), KinkPolicy.mid(), at("x", 1)));
        assertTrue(noGrad.getMessage().contains("no entry for 'y'"), noGrad.getMessage());
        IllegalArgumentException vector = assertThrows(IllegalArgumentException.class,
                () -> IntensionalChecker.check(Program.parse("[x, y]"), at("x", 1.0, "y", 2.0), KinkPolicy.mid()));
        assertTrue(vector.getMessage().contains("needs a scalar"), vector.getMessage());
    }

    /** The AD gradient it reports is reverse mode's, and the branch gradient the forward-mode oracle's: both by hand. */
    @Test
    void reportsBothGradients() {
        // x·relu(y) + sin(x) at (2, 0), relu′(0) = ½: ∂x = relu(0) + cos 2 = cos 2; ∂y = x·½ = 1
        CheckResult r = IntensionalChecker.check(Program.parse("x*relu(y) + sin(x)"), at("x", 2.0, "y", 0.0),
                KinkPolicy.mid());
        assertTrue(r.intensional(), r.problems().toString());
        assertClose(Math.cos(2), r.gradient().get("x"), "AD ∂x");
        assertClose(1, r.gradient().get("y"), "AD ∂y");
        assertClose(Math.cos(2), r.branchGradient().get("x"), "branch ∂x");
        assertClose(1, r.branchGradient().get("y"), "branch ∂y");
        assertEquals(List.of("x", "y"), List.copyOf(r.gradient().keySet()));
    }
}
