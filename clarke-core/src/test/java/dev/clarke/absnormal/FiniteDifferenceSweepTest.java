package dev.clarke.absnormal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.clarke.certify.Verdict;
import dev.clarke.lang.Program;
import dev.clarke.ops.KinkPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random programs over the kinds the certifier now decides (ifs, powers and norms at zero, kinks),
 * at (0, 0) where most of them sit on a kink or a boundary, checked against finite differences, an
 * oracle independent of the form: a DIFFERENTIABLE verdict's derivative must predict
 * (f(t·d) − f(0))/t along random d (t = 1e-9, so a |x|^1.5 term's error t^0.5 stays below 1e-3), and
 * a NONDIFFERENTIABLE verdict needs a direction whose two one-sided slopes do not cancel.
 */
class FiniteDifferenceSweepTest {

    private static final String[] ATOMS = {"x", "y", "relu(x)", "abs(y)", "sin(x)", "x*y", "relu(x - y)", "max(x, y)",
        "exp(x)", "x*x", "sqrt(x*x + y*y)", "relu(x)^1.5", "sqrt(y*y)"};
    private static final String[] TESTS = {"x > 0", "x > y", "y < 0", "x + y >= 0", "y > x"};

    private static String term(Random r, int depth) {
        if (depth == 0 || r.nextInt(3) == 0) {
            return ATOMS[r.nextInt(ATOMS.length)];
        }
        String a = term(r, depth - 1);
        String b = term(r, depth - 1);
        String test = TESTS[r.nextInt(TESTS.length)];
        return switch (r.nextInt(6)) {
            case 0 -> "(" + a + " + " + b + ")";
            case 1 -> "(" + a + " - " + b + ")";
            case 2 -> "(" + a + " * " + (r.nextInt(5) - 2) + ")";
            case 3 -> "relu(" + a + ")";
            case 4 -> "(if (" + test + ") " + a + " else " + b + ")";
            default -> "(if (" + test + ") " + a + " else " + a + " + " + b + "*0)"; // equal branches
        };
    }

    private static double f(Program p, double x, double y) {
        Map<String, Double> at = new LinkedHashMap<>();
        for (String v : p.variables()) {
            at.put(v, v.equals("x") ? x : y);
        }
        return Fixtures.value(p, at);
    }

    @Test
    void verdictsAgreeWithFiniteDifferences() {
        Random r = new Random(3);
        int differentiable = 0;
        int nondifferentiable = 0;
        for (int k = 0; k < 1500; k++) {
            String src = term(r, 3);
            Program p = Program.parse(src);
            if (p.variables().size() != 2) {
                continue;
            }
            Certification c = Fixtures.certify(src, "x=0,y=0", KinkPolicy.mid());
            List<String> vars = List.copyOf(p.variables());
            Verdict v = c.verdict();
            if (v == Verdict.DIFFERENTIABLE_CORRECT || v == Verdict.DIFFERENTIABLE_INCORRECT) {
                differentiable++;
                double[] d = c.derivative();
                for (int j = 0; j < 10; j++) {
                    double a = r.nextGaussian();
                    double b = r.nextGaussian();
                    double t = 1e-9;
                    double slope = (f(p, t * a, t * b) - f(p, 0, 0)) / t;
                    double predicted = d[vars.indexOf("x")] * a + d[vars.indexOf("y")] * b;
                    if (Math.abs(slope - predicted) > 1e-3 * (1 + Math.abs(predicted))) {
                        fail(src + ": " + v + " with derivative·d = " + predicted + ", finite difference " + slope);
                    }
                }
            } else if (v == Verdict.NONDIFFERENTIABLE_CLARKE || v == Verdict.NONDIFFERENTIABLE_NOT_CLARKE) {
                nondifferentiable++;
                boolean kink = false;
                for (int j = 0; j < 200 && !kink; j++) {
                    double a = r.nextGaussian();
                    double b = r.nextGaussian();
                    double t = 1e-6;
                    double right = (f(p, t * a, t * b) - f(p, 0, 0)) / t;
                    double left = (f(p, -t * a, -t * b) - f(p, 0, 0)) / t;
                    kink = Math.abs(right + left) > 1e-3;
                }
                assertTrue(kink, src + ": " + v + " but every sampled direction has cancelling one-sided slopes");
            }
        }
        assertTrue(differentiable > 100 && nondifferentiable > 200, differentiable + " differentiable, " + nondifferentiable
                + " not differentiable");
    }
}
