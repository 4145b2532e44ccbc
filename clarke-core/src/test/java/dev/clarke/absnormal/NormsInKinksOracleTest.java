package dev.clarke.absnormal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.certify.Verdict;
import dev.clarke.lang.Program;
import dev.clarke.ops.KinkPolicy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Norms at 0 inside kinks' arguments ({@link NormsInKinks}), against the programs themselves: random
 * f = c₀·K(a·x + b·y + c·‖(x, y)‖) + e·relu(y) + g·x, K relu or abs, small integer coefficients,
 * certified at 0 under random policies (400 of them). The oracle differentiates f by central differences at 720
 * points ε·(cos θ, sin θ) around 0 (ε = 10⁻⁶, step 10⁻⁹): their gradients are (close to) limiting
 * gradients, and their hull fills the Clarke gradient up to about 1/720 of a turn. A derivative must
 * match every sample; a Clarke subgradient must lie within 0.02 of their hull; a refuted value must
 * lie outside it; a verdict of non-differentiability needs two samples that differ. No verdict may
 * disagree; {@code UNKNOWN} is counted (at most 3 %).
 */
class NormsInKinksOracleTest {

    private static final int DIRECTIONS = 720;

    @Test
    void verdictsAgreeWithGradientsSampledAroundThePoint() {
        Random r = new Random(12_05);
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (int p = 0; p < 400; p++) {
            String src = program(r);
            KinkPolicy policy = KinkPolicy.parse("relu=" + (r.nextInt(5) - 1) * 0.5 + ",abs=" + (r.nextInt(5) - 2) * 0.5);
            Certification c = Certifier.certify(Program.parse(src), Fixtures.at("x=0,y=0"), policy,
                    dev.clarke.tensor.DType.F64);
            String what = src + " under " + policy.name() + ": " + c.verdict() + " (" + c.method() + " | " + c.reason() + ")";
            counts.merge(c.verdict(), 1, Integer::sum);
            List<double[]> sampled = sampled(Program.parse(src));
            Fixtures.assertAgreesWithSamples(c, sampled, what);
        }
        int unknown = counts.getOrDefault(Verdict.UNKNOWN, 0);
        // measured: 5 of 400 (seeds 7 and 99: 3 and 2), each the plane's work budget: AD's value on the
        // boundary of the Clarke gradient, where no bracket closes
        assertTrue(unknown <= 12, "UNKNOWN " + unknown + " of 400: " + counts);
    }

    /**
     * Nested kinks beside two norms of both signs (no norm inside a kink): where the rays' hull and
     * the outer bound leave a value, the plane's bracket ({@link NormsInKinks#bracket}) decides it.
     */
    @Test
    void nestedKinksBesideNormsOfBothSignsAgreeWithTheSamples() {
        Random r = new Random(12_06);
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        int bracketed = 0;
        for (int p = 0; p < 200; p++) {
            String src = (1 + r.nextInt(2)) + "*relu(relu(" + (r.nextInt(5) - 2) + "*x + " + (r.nextInt(5) - 2) + "*y) + "
                    + (r.nextInt(5) - 2) + "*y) + " + (1 + r.nextInt(2)) + "*sqrt(x*x + y*y) - " + (1 + r.nextInt(2))
                    + "*sqrt(x*x + 4*y*y) + " + (r.nextInt(3) - 1) + "*relu(y)";
            KinkPolicy policy = KinkPolicy.parse("relu=" + (r.nextInt(5) - 1) * 0.5);
            Certification c = Certifier.certify(Program.parse(src), Fixtures.at("x=0,y=0"), policy,
                    dev.clarke.tensor.DType.F64);
            String what = src + " under " + policy.name() + ": " + c.verdict() + " (" + c.method() + " | " + c.reason() + ")";
            counts.merge(c.verdict(), 1, Integer::sum);
            bracketed += c.method().contains("plane's support function") && c.verdict() != Verdict.UNKNOWN ? 1 : 0;
            Fixtures.assertAgreesWithSamples(c, sampled(Program.parse(src)), what);
        }
        int unknown = counts.getOrDefault(Verdict.UNKNOWN, 0);
        // measured: 71 decided by the plane's bracket (UNKNOWN before it reached nested kinks), 13 UNKNOWN, each
        // its work budget (12 after 400 cutting planes, on values at the set's boundary)
        assertTrue(bracketed > 0, "the plane's bracket decided none: " + counts);
        assertTrue(unknown <= 20, "UNKNOWN " + unknown + " of 200: " + counts + ", bracketed " + bracketed);
    }

    private static String program(Random r) {
        String arg = (r.nextInt(5) - 2) + "*x + " + (r.nextInt(5) - 2) + "*y + " + (1 + r.nextInt(2)) * (r.nextBoolean() ? 1 : -1)
                + "*sqrt(x*x + y*y)";
        return (1 + r.nextInt(2)) + "*" + (r.nextBoolean() ? "relu(" : "abs(") + arg + ") + " + (r.nextInt(3) - 1) + "*relu(y) + "
                + (r.nextInt(3) - 1) + "*x";
    }

    /** Central-difference gradients at ε·(cos θ, sin θ), θ on a grid offset from the axes. */
    private static List<double[]> sampled(Program p) {
        List<double[]> out = new ArrayList<>();
        double eps = 1e-6;
        double h = 1e-9;
        for (int k = 0; k < DIRECTIONS; k++) {
            double t = 2 * Math.PI * (k + 0.37) / DIRECTIONS;
            double x = eps * Math.cos(t);
            double y = eps * Math.sin(t);
            double gx = (f(p, x + h, y) - f(p, x - h, y)) / (2 * h);
            double gy = (f(p, x, y + h) - f(p, x, y - h)) / (2 * h);
            out.add(new double[] {gx, gy});
        }
        return out;
    }

    private static double f(Program p, double x, double y) {
        return Fixtures.value(p, Map.of("x", x, "y", y));
    }
}
