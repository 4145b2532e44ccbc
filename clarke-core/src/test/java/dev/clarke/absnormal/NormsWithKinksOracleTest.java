package dev.clarke.absnormal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
 * Random programs w·‖(p, q)‖ + Σ c_k·abs(r_k) + Σ e_k·relu(s_k) in two variables at (0, 0), with p, q,
 * r_k, s_k random integer linear forms and random kink policies (every third program has x·y in
 * place of the norm: not abs-linear, so the plain certifier must see that its kinks are affine),
 * checked against an oracle written here: such a program is positively homogeneous (x·y's
 * gradient tends to 0 and leaves the limiting gradients alone), its gradient at a direction d is
 * w·(p∇p + q∇q)/‖(p, q)‖ + Σ c_k·sign(r_k)·∇r_k + Σ e_k·[s_k &gt; 0]·∇s_k (off the kinks and the
 * norm's kernel), and its Clarke gradient at 0 is the convex hull of those over all d. The oracle
 * samples 4,000 directions (a different grid from the certifier's) and measures, over 720 test
 * directions v, how far AD's value lies outside the hull: max_v (v·AD − max_i v·g_i). A definite
 * verdict must agree with it beyond a sampling margin, and {@code UNKNOWN} is allowed only near
 * the hull's boundary.
 */
class NormsWithKinksOracleTest {

    private static final int PROGRAMS = 400;
    private static final int SAMPLES = 4_000;
    private static final int TESTS = 720;

    /** A random integer linear form a·x + b·y, not zero. */
    static int[] form(Random rnd) {
        int a;
        int b;
        do {
            a = rnd.nextInt(5) - 2;
            b = rnd.nextInt(5) - 2;
        } while (a == 0 && b == 0);
        return new int[] {a, b};
    }

    static String text(int[] f) {
        return "(" + f[0] + "*x + " + f[1] + "*y)";
    }

    @Test
    void definiteVerdictsAgreeWithTheSampledClarkeGradient() {
        Random rnd = new Random(7);
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        double[] abss = {0, 0.5, 1, 1.5, 2, -1};
        double[] relus = {0, 0.5, 1, 2, -0.5};
        for (int prog = 0; prog < PROGRAMS; prog++) {
            boolean smoothInstead = prog % 3 == 2; // no norm, but a term x·y: not abs-linear, kinks still affine
            int w = smoothInstead ? 0 : new int[] {-2, -1, 1, 2}[rnd.nextInt(4)];
            int[] p = form(rnd);
            int[] q = form(rnd);
            List<int[]> absForms = new ArrayList<>();
            List<int[]> reluForms = new ArrayList<>();
            List<Integer> absCoef = new ArrayList<>();
            List<Integer> reluCoef = new ArrayList<>();
            StringBuilder src = new StringBuilder(smoothInstead ? "x*y"
                    : w + "*sqrt(" + text(p) + "*" + text(p) + " + " + text(q) + "*" + text(q) + ")");
            int kinks = 1 + rnd.nextInt(3);
            for (int k = 0; k < kinks; k++) {
                int c = new int[] {-2, -1, 1, 2}[rnd.nextInt(4)];
                int[] r = form(rnd);
                if (rnd.nextBoolean()) {
                    absForms.add(r);
                    absCoef.add(c);
                    src.append(" + ").append(c).append("*abs").append(text(r));
                } else {
                    reluForms.add(r);
                    reluCoef.add(c);
                    src.append(" + ").append(c).append("*relu").append(text(r));
                }
            }
            double alpha = abss[rnd.nextInt(abss.length)];
            double beta = relus[rnd.nextInt(relus.length)];
            KinkPolicy policy = KinkPolicy.parse("abs=" + alpha + ",relu=" + beta);
            Certification c = Certifier.certify(Program.parse(src.toString()), Fixtures.at("x=0,y=0"), policy, DType.F64);
            counts.merge(c.verdict(), 1, Integer::sum);
            int[] order = c.inputs().get(0).equals("x") ? new int[] {0, 1} : new int[] {1, 0};
            List<double[]> grads = new ArrayList<>();
            double scale = 0;
            double angle0 = rnd.nextDouble();
            for (int s = 0; s < SAMPLES; s++) {
                double t = 2 * Math.PI * (s + angle0) / SAMPLES;
                double[] g = gradient(w, p, q, absForms, absCoef, reluForms, reluCoef, Math.cos(t), Math.sin(t));
                if (g != null) {
                    grads.add(g);
                    scale = Math.max(scale, Math.max(Math.abs(g[0]), Math.abs(g[1])));
                }
            }
            double[] h = support(grads);
            double[] ad = {c.ad()[order[0]], c.ad()[order[1]]};
            double margin = 2e-3 * Math.max(1, scale);
            String what = src + " under " + policy.name() + ": " + c.verdict() + " (" + c.method() + " | " + c.reason() + ")";
            switch (c.verdict()) {
                case DIFFERENTIABLE_CORRECT, DIFFERENTIABLE_INCORRECT -> {
                    for (double[] g : grads) {
                        double[] d = {c.derivative()[order[0]], c.derivative()[order[1]]};
                        assertArrayEquals(d, g, 1e-9 * Math.max(1, scale), "one gradient everywhere: " + what);
                    }
                }
                case NONDIFFERENTIABLE_CLARKE -> assertTrue(outside(ad, h) <= margin,
                        "AD inside the hull, but it is " + outside(ad, h) + " outside: " + what);
                case NONDIFFERENTIABLE_NOT_CLARKE -> {
                    assertTrue(outside(ad, h) >= -margin, "AD outside the hull, but it is inside: " + what);
                    double[] e = {c.clarke()[order[0]], c.clarke()[order[1]]};
                    assertTrue(outside(e, h) <= margin, "the certified element in the hull: " + what);
                }
                case UNKNOWN -> assertTrue(Math.abs(outside(ad, h)) <= 0.05 * Math.max(1, scale),
                        "UNKNOWN only near the boundary, but AD is " + outside(ad, h) + " from it: " + what);
                default -> throw new AssertionError(what);
            }
        }
        int unknown = counts.getOrDefault(Verdict.UNKNOWN, 0);
        assertTrue(unknown <= PROGRAMS / 200, "at most 0.5 % UNKNOWN (two inputs, one norm: decided exactly): " + counts);
        assertTrue(counts.getOrDefault(Verdict.NONDIFFERENTIABLE_NOT_CLARKE, 0) >= 10, "some refuted: " + counts);
        assertTrue(counts.getOrDefault(Verdict.NONDIFFERENTIABLE_CLARKE, 0) >= 10, "some certified: " + counts);
    }

    /** The gradient at direction (dx, dy), or null on a kink or in the norm's kernel. */
    private static double[] gradient(int w, int[] p, int[] q, List<int[]> absForms, List<Integer> absCoef,
                                     List<int[]> reluForms, List<Integer> reluCoef, double dx, double dy) {
        double pv = p[0] * dx + p[1] * dy;
        double qv = q[0] * dx + q[1] * dy;
        double n = Math.hypot(pv, qv);
        if (w != 0 && n < 1e-9) {
            return null;
        }
        double gx = w == 0 ? 0 : w * (pv * p[0] + qv * q[0]) / n; // x·y's gradient (y, x) tends to 0
        double gy = w == 0 ? 0 : w * (pv * p[1] + qv * q[1]) / n;
        for (int k = 0; k < absForms.size(); k++) {
            int[] r = absForms.get(k);
            double v = r[0] * dx + r[1] * dy;
            if (Math.abs(v) < 1e-9) {
                return null;
            }
            gx += absCoef.get(k) * Math.signum(v) * r[0];
            gy += absCoef.get(k) * Math.signum(v) * r[1];
        }
        for (int k = 0; k < reluForms.size(); k++) {
            int[] r = reluForms.get(k);
            double v = r[0] * dx + r[1] * dy;
            if (Math.abs(v) < 1e-9) {
                return null;
            }
            gx += v > 0 ? reluCoef.get(k) * r[0] : 0;
            gy += v > 0 ? reluCoef.get(k) * r[1] : 0;
        }
        return new double[] {gx, gy};
    }

    /** The hull's support function max_i v·g_i at each test direction v. */
    static double[] support(List<double[]> grads) {
        double[] h = new double[TESTS];
        for (int t = 0; t < TESTS; t++) {
            double vx = Math.cos(2 * Math.PI * t / TESTS);
            double vy = Math.sin(2 * Math.PI * t / TESTS);
            h[t] = Double.NEGATIVE_INFINITY;
            for (double[] g : grads) {
                h[t] = Math.max(h[t], vx * g[0] + vy * g[1]);
            }
        }
        return h;
    }

    /** max over test directions v of v·a − h(v): positive outside the hull, negative inside. */
    static double outside(double[] a, double[] h) {
        double worst = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < TESTS; t++) {
            double vx = Math.cos(2 * Math.PI * t / TESTS);
            double vy = Math.sin(2 * Math.PI * t / TESTS);
            worst = Math.max(worst, vx * a[0] + vy * a[1] - h[t]);
        }
        return worst;
    }
}
