package dev.clarke.pap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.lang.Program;
import dev.clarke.ops.KinkPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Theorem T2 tested: at random inputs AD matches central differences of the actual program. And
 * the check is not vacuous: it reports mismatches when the differences cannot resolve the pieces,
 * and does not pass when nothing could be checked.
 *
 * <p>Not covered: a user primitive with a deliberately wrong branch derivative — programs cannot
 * call user primitives (the language's builtins do not consult {@link UserPrimitive}), and
 * AlmostEverywhere only takes a {@link Program}.
 */
class AlmostEverywhereTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "relu(0.5*x - 0.3*y + 0.1) * 1.2 - relu(-0.7*x + 0.2*y) + 0.4*relu(x + y)",
        "relu(relu(x - y) - relu(y) + 0.5) * relu(1.5*x + 0.25)",
        "abs(x)", "abs(x - y) * y", "max(x, y)", "max([x, y, 0.5*x + 0.2])", "min(x*y, sin(x))",
        "floor(x) * x", "hardswish(x)", "hardswish(3*x) + relu6(2*x) + hardsigmoid(x - y)",
        "if (x > y) x*x - y else sin(x*y)", "round(2*x) * exp(y / 4) + clamp(x, -1, 0.5)"})
    void agreesWithCentralDifferences(String src) {
        Program p = Program.parse(src);
        for (KinkPolicy policy : List.of(KinkPolicy.mid(), KinkPolicy.parse("left,relu=7,abs=-3,max=2"))) {
            AlmostEverywhere.Report r = AlmostEverywhere.check(p, policy, 200, 12345L, -4, 4);
            assertEquals(200, r.samples());
            assertEquals(200, r.checked(), "no domain errors in these programs");
            assertEquals(List.of(), r.mismatches(), src + " under " + policy);
            assertTrue(r.passed());
        }
    }

    /**
     * floor(10⁶·x) has derivative 0 a.e. (AD: 0), but the difference step h = 10⁻⁶(1 + |x|) spans
     * 2(1 + |x|) ≥ 2 units of 10⁶·x, so every central difference is ≥ 1/(2h) ≫ 0: all 200 mismatch.
     */
    @Test
    void reportsMismatchesWhenDifferencesCrossPieces() {
        AlmostEverywhere.Report r = AlmostEverywhere.check(Program.parse("floor(1000000*x)"), KinkPolicy.mid(), 200,
                7L, -1, 1);
        assertEquals(200, r.checked());
        assertEquals(200, r.mismatches().size());
        assertFalse(r.passed());
        assertTrue(r.mismatches().get(0).contains("AD 0.0"), r.mismatches().get(0));
    }

    /** log(x) on [−1, 1]: about half the inputs leave the domain and are skipped, the rest agree. */
    @Test
    void domainErrorsAreSkipped() {
        AlmostEverywhere.Report r = AlmostEverywhere.check(Program.parse("log(x)"), KinkPolicy.mid(), 200, 3L, -1, 1);
        assertTrue(r.checked() > 50 && r.checked() < 150, "checked " + r.checked());
        assertTrue(r.passed(), r.mismatches().toString());
    }

    /** Nothing checked is not a pass. */
    @Test
    void nothingCheckedDoesNotPass() {
        AlmostEverywhere.Report r = AlmostEverywhere.check(Program.parse("log(-1 - x*x)"), KinkPolicy.mid(), 50, 3L,
                -1, 1);
        assertEquals(0, r.checked());
        assertEquals(List.of(), r.mismatches());
        assertFalse(r.passed());
    }

    @Test
    void sameSeedSameReport() {
        Program p = Program.parse("floor(1000000*x) + relu(x)");
        assertEquals(AlmostEverywhere.check(p, KinkPolicy.mid(), 30, 99L, -1, 1),
                AlmostEverywhere.check(p, KinkPolicy.mid(), 30, 99L, -1, 1));
    }
}
