package dev.clarke.absnormal;

import static dev.clarke.absnormal.NormsWithKinksOracleTest.form;
import static dev.clarke.absnormal.NormsWithKinksOracleTest.outside;
import static dev.clarke.absnormal.NormsWithKinksOracleTest.support;
import static dev.clarke.absnormal.NormsWithKinksOracleTest.text;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.certify.Verdict;
import dev.clarke.lang.Program;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Norms beside nested kinks: random programs w·‖(p, q)‖ + e·relu(relu(r) + s) + c·abs(t) in two
 * variables at 0 (p … t random integer linear forms, random policies), against the sampled Clarke
 * gradient of {@link NormsWithKinksOracleTest}'s oracle, with the nested term's gradient written out
 * here: e·[relu(r) + s &gt; 0]·([r &gt; 0]·∇r + ∇s). Definite verdicts must agree with the oracle.
 * The nested kinks' cells are polyhedral and the exact support function decides the values between
 * the sampled rays and the sum rule's outer bound ({@link NestedCells}, {@link ConeSupport}): at most
 * 1 % may stay {@code UNKNOWN}, as its work budget near the boundary (none of 1,000 programs over five
 * seeds when this was written; 19–25 % before).
 */
class NestedNormsOracleTest {

    private static final int PROGRAMS = 200;

    @Test
    void definiteVerdictsAgreeWithTheSampledClarkeGradient() {
        Random rnd = new Random(3);
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        double[] relus = {0, 0.5, 1, 2, -0.5};
        double[] abss = {0, 1, 1.5, -1};
        for (int prog = 0; prog < PROGRAMS; prog++) {
            int w = new int[] {-2, -1, 1, 2}[rnd.nextInt(4)];
            int e = new int[] {-2, -1, 1, 2}[rnd.nextInt(4)];
            int c = new int[] {-1, 0, 1, 2}[rnd.nextInt(4)];
            int[] p = form(rnd);
            int[] q = form(rnd);
            int[] r = form(rnd);
            int[] s = form(rnd);
            int[] t = form(rnd);
            String src = w + "*sqrt(" + text(p) + "*" + text(p) + " + " + text(q) + "*" + text(q) + ") + " + e
                    + "*relu(relu" + text(r) + " + " + text(s) + ") + " + c + "*abs" + text(t);
            KinkPolicy policy = KinkPolicy.parse("relu=" + relus[rnd.nextInt(relus.length)] + ",abs="
                    + abss[rnd.nextInt(abss.length)]);
            Certification cert = Certifier.certify(Program.parse(src), Fixtures.at("x=0,y=0"), policy, DType.F64);
            counts.merge(cert.verdict(), 1, Integer::sum);
            List<double[]> grads = new ArrayList<>();
            double scale = 1;
            for (int k = 0; k < 4000; k++) {
                double a = 2 * Math.PI * (k + 0.37) / 4000;
                double[] g = gradient(w, e, c, p, q, r, s, t, Math.cos(a), Math.sin(a));
                if (g != null) {
                    grads.add(g);
                    scale = Math.max(scale, Math.hypot(g[0], g[1]));
                }
            }
            double[] h = support(grads);
            int[] order = cert.inputs().get(0).equals("x") ? new int[] {0, 1} : new int[] {1, 0};
            double[] ad = {cert.ad()[order[0]], cert.ad()[order[1]]};
            double gap = outside(ad, h);
            double margin = 2e-3 * scale;
            String what = src + " under " + policy.name() + ": " + cert.verdict() + " (" + cert.method() + " | "
                    + cert.reason() + ")";
            switch (cert.verdict()) {
                case NONDIFFERENTIABLE_CLARKE -> assertTrue(gap <= margin, "AD inside, but " + gap + " outside: " + what);
                case NONDIFFERENTIABLE_NOT_CLARKE -> {
                    assertTrue(gap >= -margin, "AD outside, but inside by " + -gap + ": " + what);
                    double[] el = {cert.clarke()[order[0]], cert.clarke()[order[1]]};
                    assertTrue(outside(el, h) <= margin, "the certified element inside: " + what);
                }
                case UNKNOWN -> assertTrue(cert.reason().contains("work budget") && Math.abs(gap) <= 0.02 * scale,
                        "UNKNOWN only as the exact support function's budget, near the boundary: " + gap + ": " + what);
                default -> throw new AssertionError("a norm with a non-zero weight is not differentiable: " + what);
            }
        }
        assertTrue(counts.getOrDefault(Verdict.UNKNOWN, 0) <= PROGRAMS / 100, "at most 1 % UNKNOWN: " + counts);
        assertTrue(counts.getOrDefault(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, 0) >= 10, "some refuted: " + counts);
        assertTrue(counts.getOrDefault(Verdict.NONDIFFERENTIABLE_CLARKE, 0) >= 10, "some certified: " + counts);
    }

    /** The gradient at direction (dx, dy), or null on a kink or in the norm's kernel. */
    private static double[] gradient(int w, int e, int c, int[] p, int[] q, int[] r, int[] s, int[] t,
                                     double dx, double dy) {
        double pv = p[0] * dx + p[1] * dy;
        double qv = q[0] * dx + q[1] * dy;
        double n = Math.hypot(pv, qv);
        double rv = r[0] * dx + r[1] * dy;
        double arg = Math.max(rv, 0) + s[0] * dx + s[1] * dy;
        double tv = t[0] * dx + t[1] * dy;
        if (n < 1e-9 || Math.abs(rv) < 1e-9 || c != 0 && Math.abs(tv) < 1e-9) {
            return null;
        }
        // arg may vanish on a whole sector (relu(x) − x for x > 0): there the term is 0, with gradient 0
        double gx = w * (pv * p[0] + qv * q[0]) / n + c * Math.signum(tv) * t[0];
        double gy = w * (pv * p[1] + qv * q[1]) / n + c * Math.signum(tv) * t[1];
        if (arg > 1e-9) {
            gx += e * ((rv > 0 ? r[0] : 0) + s[0]);
            gy += e * ((rv > 0 ? r[1] : 0) + s[1]);
        }
        return new double[] {gx, gy};
    }
}
