package dev.clarke.absnormal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.certify.Verdict;
import dev.clarke.lang.Program;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Two norms of opposite signs beside none, one or two kinks in the plane ({@link PlaneNorms}): random
 * programs w₁·‖(p₁, q₁)‖ + w₂·‖(p₂, q₂)‖ + Σ c_k·abs/relu(s_k) in x, y at 0 (integer forms, each norm of rank
 * 2) and random values a. The oracle is the hull of the gradients along 20,000 directions evenly
 * spaced on the circle, computed here from the forms and measured over 720 test directions; every
 * definite verdict, and {@link PlaneNorms}' own answer, must agree with it beyond the sampling
 * margin, and PlaneNorms must decide nearly all of them.
 */
class PlaneNormsOracleTest {

    private static int[] form(Random r) {
        int[] f;
        do {
            f = new int[] {r.nextInt(5) - 2, r.nextInt(5) - 2};
        } while (f[0] == 0 && f[1] == 0);
        return f;
    }

    private static String text(int[] f) {
        return "(" + f[0] + "*x + " + f[1] + "*y)";
    }

    /** The gradient along d, or null on a kink. */
    private static double[] gradient(int[][] norm, int[] w, int[][] s, int[] c, boolean[] relu, double[] d) {
        double[] g = new double[2];
        for (int j = 0; j < 2; j++) {
            double a1 = norm[2 * j][0] * d[0] + norm[2 * j][1] * d[1];
            double a2 = norm[2 * j + 1][0] * d[0] + norm[2 * j + 1][1] * d[1];
            double len = Math.hypot(a1, a2);
            for (int x = 0; x < 2; x++) {
                g[x] += w[j] * (a1 * norm[2 * j][x] + a2 * norm[2 * j + 1][x]) / len;
            }
        }
        for (int k = 0; k < s.length; k++) {
            double u = s[k][0] * d[0] + s[k][1] * d[1];
            if (Math.abs(u) < 1e-9) {
                return null;
            }
            double slope = relu[k] ? (u > 0 ? 1 : 0) : Math.signum(u);
            for (int x = 0; x < 2; x++) {
                g[x] += c[k] * slope * s[k][x];
            }
        }
        return g;
    }

    @Test
    void verdictsAgreeWithTheSampledCurves() {
        Random rnd = new Random(4);
        int decided = 0;
        int tried = 0;
        for (int prog = 0; prog < 20; prog++) {
            int[][] norm = new int[4][];
            do {
                for (int i = 0; i < 4; i++) {
                    norm[i] = form(rnd);
                }
            } while (norm[0][0] * norm[1][1] == norm[0][1] * norm[1][0] || norm[2][0] * norm[3][1] == norm[2][1] * norm[3][0]);
            int[] w = {1 + rnd.nextInt(2), -1 - rnd.nextInt(2)};
            int kinks = rnd.nextInt(3);   // none: the norms alone ({@link NormCertificate}'s mixed signs)
            int[][] s = new int[kinks][];
            int[] c = new int[kinks];
            boolean[] relu = new boolean[kinks];
            StringBuilder src = Fixtures.twoNorms(w, java.util.Arrays.stream(norm).map(PlaneNormsOracleTest::text)
                    .toArray(String[]::new));
            for (int k = 0; k < kinks; k++) {
                s[k] = form(rnd);
                c[k] = new int[] {-2, -1, 1, 2}[rnd.nextInt(4)];
                relu[k] = rnd.nextBoolean();
                src.append(" + ").append(c[k]).append(relu[k] ? "*relu" : "*abs").append(text(s[k]));
            }
            List<double[]> grads = new ArrayList<>();
            double radius = 0;
            for (int i = 0; i < 20_000; i++) {
                double th = 2 * Math.PI * (i + 0.5) / 20_000;
                double[] g = gradient(norm, w, s, c, relu, new double[] {Math.cos(th), Math.sin(th)});
                if (g != null) {
                    grads.add(g);
                    radius = Math.max(radius, Math.hypot(g[0], g[1]));
                }
            }
            double[] h = new double[720];
            for (int t = 0; t < h.length; t++) {
                double th = 2 * Math.PI * t / h.length;
                h[t] = Double.NEGATIVE_INFINITY;
                for (double[] g : grads) {
                    h[t] = Math.max(h[t], Math.cos(th) * g[0] + Math.sin(th) * g[1]);
                }
            }
            AbsNormalForm f = Certifier.form(Program.parse(src.toString()), Fixtures.at("x=0,y=0"), KinkPolicy.mid(), DType.F64);
            List<double[][]> ts = Fixtures.norms(f).ts();
            List<Double> ws = Fixtures.norms(f).ws();
            for (int trial = 0; trial < 5; trial++) {
                double[] a = {rnd.nextGaussian() * radius * 0.7, rnd.nextGaussian() * radius * 0.7};
                double gap = Double.NEGATIVE_INFINITY;
                for (int t = 0; t < h.length; t++) {
                    double th = 2 * Math.PI * t / h.length;
                    gap = Math.max(gap, Math.cos(th) * a[0] + Math.sin(th) * a[1] - h[t]);
                }
                double margin = 0.02 * (radius + Math.hypot(a[0], a[1]));   // 720 test directions, 20,000 sampled ones
                double[] ad = new double[2];
                ad[f.inputs().indexOf("x")] = a[0];
                ad[f.inputs().indexOf("y")] = a[1];
                Certification cert = Certifier.decide(f, ad);
                assertTrue(cert.verdict() != Verdict.UNKNOWN || Math.abs(gap) <= margin, "UNKNOWN only near the boundary: " + cert.reason());
                String what = src + " at " + java.util.Arrays.toString(a) + ": " + cert.verdict() + " (" + cert.method() + " | "
                        + cert.reason() + "), gap " + gap;
                if (cert.verdict() == Verdict.NONDIFFERENTIABLE_CLARKE) {
                    assertTrue(gap <= margin, what);
                } else if (cert.verdict() == Verdict.NONDIFFERENTIABLE_NOT_CLARKE) {
                    assertTrue(gap >= -margin, what);
                }
                if (ts.size() == 2) {
                    PlaneSupport.Side side = PlaneNorms.decide(Arrangement.of(f), ts, ws, ad, Certifier.AGREEMENT).side();
                    assertTrue(side == PlaneSupport.Side.INSIDE ? gap <= margin : side != PlaneSupport.Side.OUTSIDE || gap >= -margin,
                            "plane norms: " + side + ": " + what);
                    tried++;
                    decided += side == PlaneSupport.Side.UNDECIDED ? 0 : 1;
                }
            }
        }
        assertTrue(tried >= 100 && decided >= tried * 95 / 100, decided + " of " + tried + " decided");
    }
}
