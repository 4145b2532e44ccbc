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
 * Several norms beside kinks, every weight positive ({@link OneSigned}): random programs
 * w₁·‖(p₁, q₁)‖ + w₂·‖(p₂, q₂)‖ + Σ c_k·abs/relu(s_k) in three inputs at 0 (integer linear forms).
 * Such a program is convex and positively homogeneous, so a value a is in its Clarke gradient at 0
 * iff a·v ≤ f(v) for every v — an oracle that only evaluates the program, here over 20,000
 * directions spread on the sphere plus the sharp ones (the forms' rows and their cross products).
 * Random values a, some inside and some outside; every definite verdict must agree with the
 * oracle beyond the sampling margin, none may be {@code UNKNOWN}, and {@link OneSigned}'s own
 * answer (the certifier often settles a value earlier, by sampled rays or the outer bound) must
 * agree too.
 */
class OneSignedOracleTest {

    private static final int PROGRAMS = 60;

    private static double dot(int[] f, double[] v) {
        return f[0] * v[0] + f[1] * v[1] + f[2] * v[2];
    }

    @Test
    void verdictsAgreeWithTheSupportFunction() {
        Random rnd = new Random(8);
        int inside = 0;
        int outside = 0;
        for (int prog = 0; prog < PROGRAMS; prog++) {
            int[][] norm = {NormsWithKinks3dOracleTest.form(rnd), NormsWithKinks3dOracleTest.form(rnd), NormsWithKinks3dOracleTest.form(rnd), NormsWithKinks3dOracleTest.form(rnd)};
            int[] w = {1 + rnd.nextInt(2), 1 + rnd.nextInt(2)};
            int kinks = 1 + rnd.nextInt(2);
            int[][] s = new int[kinks][];
            int[] c = new int[kinks];
            boolean[] relu = new boolean[kinks];
            StringBuilder src = Fixtures.twoNorms(w, java.util.Arrays.stream(norm).map(NormsWithKinks3dOracleTest::text)
                    .toArray(String[]::new));
            for (int k = 0; k < kinks; k++) {
                s[k] = NormsWithKinks3dOracleTest.form(rnd);
                c[k] = 1 + rnd.nextInt(2);
                relu[k] = rnd.nextBoolean();
                src.append(" + ").append(c[k]).append(relu[k] ? "*relu" : "*abs").append(NormsWithKinks3dOracleTest.text(s[k]));
            }
            List<double[]> dirs = new ArrayList<>(List.of(NormsWithKinks3dOracleTest.sphere(20_000, rnd.nextDouble())));
            List<int[]> rows = new ArrayList<>(List.of(norm));
            rows.addAll(List.of(s));
            for (int i = 0; i < rows.size(); i++) {
                for (int j = i + 1; j < rows.size(); j++) {
                    int[] a = rows.get(i);
                    int[] b = rows.get(j);
                    double[] cr = {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
                    double len = Math.sqrt(cr[0] * cr[0] + cr[1] * cr[1] + cr[2] * cr[2]);
                    if (len > 0) {
                        dirs.add(new double[] {cr[0] / len, cr[1] / len, cr[2] / len});
                        dirs.add(new double[] {-cr[0] / len, -cr[1] / len, -cr[2] / len});
                    }
                }
            }
            AbsNormalForm f = Certifier.form(Program.parse(src.toString()), Fixtures.at("x=0,y=0,z=0"), KinkPolicy.mid(),
                    DType.F64);
            for (int trial = 0; trial < 6; trial++) {
                double[] a = {rnd.nextGaussian() * 3, rnd.nextGaussian() * 3, rnd.nextGaussian() * 3};
                double gap = Double.NEGATIVE_INFINITY;
                double radius = 0;
                for (double[] v : dirs) {
                    double fv = 0;
                    for (int j = 0; j < 2; j++) {
                        fv += w[j] * Math.hypot(dot(norm[2 * j], v), dot(norm[2 * j + 1], v));
                    }
                    for (int k = 0; k < kinks; k++) {
                        double u = dot(s[k], v);
                        fv += c[k] * (relu[k] ? Math.max(u, 0) : Math.abs(u));
                    }
                    radius = Math.max(radius, Math.abs(fv));
                    gap = Math.max(gap, a[0] * v[0] + a[1] * v[1] + a[2] * v[2] - fv);
                }
                double margin = 0.03 * (radius + Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]));   // ~0.025 rad between directions
                double[] ad = new double[3];
                String[] names = {"x", "y", "z"};
                for (int i = 0; i < 3; i++) {
                    ad[f.inputs().indexOf(names[i])] = a[i];
                }
                Certification cert = Certifier.decide(f, ad);
                String what = src + " at a = " + java.util.Arrays.toString(a) + ": " + cert.verdict() + " (" + cert.method()
                        + " | " + cert.reason() + "), sampled gap " + gap;
                PlaneSupport.Side side = ConeSupportTest.oneSigned(cert);   // the exact decision itself, whatever decided first
                assertTrue(side == PlaneSupport.Side.INSIDE ? gap <= margin : side == PlaneSupport.Side.OUTSIDE && gap >= -margin,
                        "one-signed support function: " + side + ": " + what);
                if (cert.verdict() == Verdict.NONDIFFERENTIABLE_CLARKE) {
                    assertTrue(gap <= margin, what);
                    inside++;
                } else {
                    assertTrue(cert.verdict() == Verdict.NONDIFFERENTIABLE_NOT_CLARKE && gap >= -margin, what);
                    outside++;
                }
            }
        }
        assertTrue(inside >= 30 && outside >= 30, inside + " inside, " + outside + " outside");
    }
}
