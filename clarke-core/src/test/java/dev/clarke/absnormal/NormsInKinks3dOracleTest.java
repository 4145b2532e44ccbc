package dev.clarke.absnormal;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Norms at 0 inside kinks' arguments in three inputs ({@link NormsInKinks}, {@link SphereKinkedNorms}),
 * against the programs themselves: random f = c₀·K(a·x + b·y + e·z + c·‖(x, y, z)‖) + e₂·relu(z) + g·x,
 * K relu or abs, small integer coefficients, certified at 0 under random policies. f is positively
 * homogeneous, so its gradients at unit directions are those near 0. The oracle differentiates f by
 * central differences (step 10⁻⁹) at 2,000 directions spread on the sphere and, since the Clarke
 * gradient's extreme points sit on the kinks, 10⁻⁶ to either side of them: of the circle
 * w·d = −c (w = (a, b, e); on the sphere the kink's argument is w·d + c) at 720 points, of the
 * equator z = 0 at 720 points, and in the four corners where the two cross. Their hull fills the
 * Clarke gradient up to about half a degree of those curves. A derivative must match every sample; a
 * Clarke subgradient must lie within 0.02 of their hull; a refuted value must lie outside it; a
 * verdict of non-differentiability needs two samples that differ. No verdict may disagree;
 * {@code UNKNOWN} is counted.
 */
class NormsInKinks3dOracleTest {

    private static final int PROGRAMS = 150;
    private static final int SPREAD = 2000;
    private static final int ALONG = 720;
    private static final double SIDE = 1e-6;

    /** The program's coefficients: c₀, K (0 relu, 1 abs), a, b, e, c, e₂, g. */
    private record Coefficients(int c0, int kind, int a, int b, int e, int c, int e2, int g) {

        String source() {
            return c0 + "*" + (kind == 0 ? "relu(" : "abs(") + a + "*x + " + b + "*y + " + e + "*z + " + c
                    + "*sqrt(x*x + y*y + z*z)) + " + e2 + "*relu(z) + " + g + "*x";
        }

        double value(double x, double y, double z) {
            double k = a * x + b * y + e * z + c * Math.sqrt(x * x + y * y + z * z);
            return c0 * (kind == 0 ? Math.max(k, 0) : Math.abs(k)) + e2 * Math.max(z, 0) + g * x;
        }

        double[] gradient(double[] d) {
            double h = 1e-9;
            double[] out = new double[3];
            for (int m = 0; m < 3; m++) {
                double[] p = d.clone();
                double[] q = d.clone();
                p[m] += h;
                q[m] -= h;
                out[m] = (value(p[0], p[1], p[2]) - value(q[0], q[1], q[2])) / (2 * h);
            }
            return out;
        }
    }

    @Test
    void verdictsAgreeWithGradientsSampledAroundThePoint() {
        Random r = new Random(12_06);
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        int sphere = 0;
        for (int p = 0; p < PROGRAMS; p++) {
            Coefficients k = new Coefficients(1 + r.nextInt(2), r.nextInt(2), r.nextInt(5) - 2, r.nextInt(5) - 2,
                    r.nextInt(5) - 2, (1 + r.nextInt(2)) * (r.nextBoolean() ? 1 : -1), r.nextInt(3) - 1, r.nextInt(3) - 1);
            String src = k.source();
            KinkPolicy policy = KinkPolicy.parse("relu=" + (r.nextInt(5) - 1) * 0.5 + ",abs=" + (r.nextInt(5) - 2) * 0.5);
            Program program = Program.parse(src);
            double[] probe = {0.3, -0.7, 0.2};   // the oracle's formula is the program's
            assertEquals(Fixtures.value(program, Map.of("x", probe[0], "y", probe[1], "z", probe[2])),
                    k.value(probe[0], probe[1], probe[2]), 1e-12, src);
            Certification c = Certifier.certify(program, Fixtures.at("x=0,y=0,z=0"), policy, dev.clarke.tensor.DType.F64);
            String what = src + " under " + policy.name() + ": " + c.verdict() + " (" + c.method() + " | " + c.reason() + ")";
            counts.merge(c.verdict(), 1, Integer::sum);
            sphere += c.method().contains("sphere's support function") && c.verdict() != Verdict.UNKNOWN ? 1 : 0;
            List<double[]> sampled = sampled(k);
            Fixtures.assertAgreesWithSamples(c, sampled, what);
        }
        int unknown = counts.getOrDefault(Verdict.UNKNOWN, 0);
        // measured: 0 of 150 UNKNOWN, 41 decided by the sphere's bracket (UNKNOWN before it); with 300 programs
        // under seeds 7, 99, 2024 and 31337: 1, 2, 2 and 1 UNKNOWN, each its work budget, 92, 96, 87 and 97 by the bracket
        assertTrue(sphere > 0, "the sphere's bracket decided none: " + counts);
        assertTrue(unknown <= PROGRAMS / 20, "UNKNOWN " + unknown + " of " + PROGRAMS + ": " + counts);
    }

    /** Central-difference gradients at the spread directions and beside the kinks' curves and corners. */
    private static List<double[]> sampled(Coefficients k) {
        List<double[]> dirs = new ArrayList<>();
        double golden = Math.PI * (3 - Math.sqrt(5));
        for (int i = 0; i < SPREAD; i++) {
            double zc = 1 - 2 * (i + 0.5) / SPREAD;
            double rad = Math.sqrt(1 - zc * zc);
            dirs.add(new double[] {rad * Math.cos(golden * i + 0.1), rad * Math.sin(golden * i + 0.1), zc});
        }
        for (int i = 0; i < ALONG; i++) {   // either side of the equator
            double t = 2 * Math.PI * (i + 0.31) / ALONG;
            for (int s = -1; s <= 1; s += 2) {
                dirs.add(new double[] {Math.cos(t), Math.sin(t), s * SIDE});
            }
        }
        double[] w = {k.a(), k.b(), k.e()};
        double len = Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
        if (len > Math.abs(k.c())) {   // the kink's circle w·d = −c, and either side of it
            double[] u = {w[0] / len, w[1] / len, w[2] / len};
            double[] e1 = unit(Math.abs(u[0]) < 0.9 ? cross(u, new double[] {1, 0, 0}) : cross(u, new double[] {0, 1, 0}));
            double[] e2 = cross(u, e1);
            for (int i = 0; i < ALONG; i++) {
                double t = 2 * Math.PI * (i + 0.23) / ALONG;
                for (int s = -1; s <= 1; s += 2) {
                    double alpha = -k.c() / len + s * SIDE;
                    double beta = Math.sqrt(1 - alpha * alpha);
                    double[] d = new double[3];
                    for (int m = 0; m < 3; m++) {
                        d[m] = alpha * u[m] + beta * (Math.cos(t) * e1[m] + Math.sin(t) * e2[m]);
                    }
                    dirs.add(d);
                }
            }
        }
        double rxy = Math.hypot(k.a(), k.b());
        if (rxy > Math.abs(k.c())) {   // where the circle crosses the equator: a·x + b·y = −c, x² + y² = 1
            double phi = Math.atan2(k.b(), k.a());
            for (int sign = -1; sign <= 1; sign += 2) {
                double t = phi + sign * Math.acos(-k.c() / rxy);
                double[] p = {Math.cos(t), Math.sin(t), 0};
                double[] b2 = cross(p, new double[] {0, 0, 1});
                double m = w[0] * b2[0] + w[1] * b2[1] + w[2] * b2[2];   // the kink's slope along the equator
                for (int s1 = -1; s1 <= 1 && Math.abs(m) > 1e-3; s1 += 2) {
                    for (int s2 = -1; s2 <= 1; s2 += 2) {
                        double alpha = s2 * SIDE;                       // along e₃: z's sign s2
                        double beta = (s1 * SIDE - k.e() * alpha) / m;  // along the equator: the kink's sign s1
                        dirs.add(new double[] {p[0] + beta * b2[0], p[1] + beta * b2[1], alpha});
                    }
                }
            }
        }
        List<double[]> out = new ArrayList<>();
        for (double[] d : dirs) {
            out.add(k.gradient(unit(d)));
        }
        return out;
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double[] unit(double[] v) {
        double l = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {v[0] / l, v[1] / l, v[2] / l};
    }
}
