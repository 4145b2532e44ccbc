package dev.clarke.pap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.lang.Program;
import dev.clarke.lang.RandomPrograms;
import dev.clarke.ops.KinkPolicy;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * Theorem T5 tested: for random programs over relu, abs, max, sin, exp, ·, +, − and {@code if}, the
 * gradient reverse mode computes is always intensional — at random points and at points forced onto
 * kinks and test boundaries (x = 0, y = 0, x = y, both 0), under every kind of policy.
 */
class RandomProgramsIntensionalProperties {

    private static final String[] POLICIES = {"left", "mid", "right", "relu=7", "pytorch", "lambda=0.3,abs=-2,max=3"};

    @Provide
    Arbitrary<String> programs() {
        return RandomPrograms.intensional(3);
    }

    @Provide
    Arbitrary<String> policies() {
        return Arbitraries.of(POLICIES);
    }

    private static void assertIntensional(String src, double x, double y, String policySpec) {
        Program p = Program.parse(src);
        Map<String, Double> at = PapTestSupport.at("x", x, "y", y);
        CheckResult r = IntensionalChecker.check(p, at, KinkPolicy.parse(policySpec));
        assertTrue(r.intensional(), src + " at " + at + " under " + policySpec + ": gradient " + r.gradient()
                + ", branch " + r.branchGradient() + ", problems " + r.problems());
    }

    @Property(tries = 250)
    void adIsIntensionalAtRandomPoints(@ForAll("programs") String src,
                                       @ForAll @DoubleRange(min = -2, max = 2) double x,
                                       @ForAll @DoubleRange(min = -2, max = 2) double y,
                                       @ForAll("policies") String policy) {
        assertIntensional(src, x, y, policy);
    }

    @Property(tries = 250)
    void adIsIntensionalOnKinks(@ForAll("programs") String src,
                                @ForAll @DoubleRange(min = -2, max = 2) double r,
                                @ForAll("kinkShapes") int shape,
                                @ForAll("policies") String policy) {
        // (0, 0), (0, r), (r, 0), (r, r), (1, 1), (−1, −1), (0.5, 0.5) — where relu/abs/max/if sit on kinks
        double[][] points = {{0, 0}, {0, r}, {r, 0}, {r, r}, {1, 1}, {-1, -1}, {0.5, 0.5}};
        double[] p = points[shape];
        assertIntensional(src, p[0], p[1], policy);
    }

    /**
     * Found by {@link #adIsIntensionalOnKinks}: under max′ = 3 at a tie a = b the frozen branch is
     * 3a − 2b, whose value at 0.01 is 0.009999999999999998, so re-evaluating the outer tie's
     * constraint a − b ≤ 0 ≤ a − b through it missed by rounding. The gradient, 3 − 2 = 1 per tie, is
     * the branch's.
     */
    @net.jqwik.api.Example
    void tiesUnderAnOverrideOutsideTheUnitIntervalKeepTheirPiece() {
        assertIntensional("max(max(x, x), x)", 0.01, 0, "lambda=0.3,abs=-2,max=3");
        assertIntensional("relu(max(max(y, y), y))", 0, 0.01, "lambda=0.3,abs=-2,max=3");
    }

    @Provide
    Arbitrary<Integer> kinkShapes() {
        return Arbitraries.integers().between(0, 6);
    }
}
