package dev.clarke.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;
import net.jqwik.api.Assume;

/**
 * Test support for the reverse/forward/central-difference agreement properties. A {@link Case} is a
 * Clarke program together with an independent plain-double re-implementation of the same function
 * (written here, never calling Clarke), the input shapes, a map from raw generated values into the
 * primitive's domain, and a predicate that rejects points within {@link #MARGIN} of a kink.
 *
 * <p>The check reduces the program's output to a scalar with fixed weights w (so every output
 * element matters), then asserts: the value equals the plain value; reverse mode (grad) agrees with
 * forward mode (jvp) for a random tangent and for a unit tangent, tightly; and every gradient
 * component agrees with a central difference of the plain implementation, loosely.
 */
final class GradCheck {

    /** Points closer than this to a kink (on the switching variable) are rejected. */
    static final double MARGIN = 1e-3;

    private GradCheck() {
    }

    /** A program over F64 inputs and its plain-double twin (row-major flattened in and out). */
    record Case(String name, int[][] shapes, DoubleUnaryOperator domain, Predicate<double[][]> away,
                BiFunction<Trace, Var[], Var> program, Function<double[][], double[]> plain) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case of(String name, int[][] shapes, DoubleUnaryOperator domain, Predicate<double[][]> away,
                   BiFunction<Trace, Var[], Var> program, Function<double[][], double[]> plain) {
        return new Case(name, shapes, domain, away, program, plain);
    }

    static Case smooth(String name, int[][] shapes, DoubleUnaryOperator domain,
                       BiFunction<Trace, Var[], Var> program, Function<double[][], double[]> plain) {
        return new Case(name, shapes, domain, xs -> true, program, plain);
    }

    static int[][] shapes(int[]... s) {
        return s;
    }

    static int[] s(int... dims) {
        return dims;
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Fixed output weights: arbitrary, distinct, non-zero. */
    static double weight(int i) {
        return 0.6 + 0.45 * Math.sin(1.7 * i + 0.3);
    }

    // ---- domains and kink predicates -----------------------------------------------------------

    static DoubleUnaryOperator scaled(double k, double offset) {
        return r -> k * r + offset;
    }

    /** Maps into [0.1, 3.1]: strictly positive, away from 0. */
    static final DoubleUnaryOperator POSITIVE = r -> 0.1 + Math.abs(r);
    /** Maps into ±[0.2, 3.2]: away from 0 on both sides. */
    static final DoubleUnaryOperator NONZERO = r -> r >= 0 ? 0.2 + r : r - 0.2;
    static final DoubleUnaryOperator IDENTITY = r -> r;

    /** Every element of every input is more than MARGIN away from each of {@code kinks}. */
    static Predicate<double[][]> awayFrom(double... kinks) {
        return xs -> {
            for (double[] x : xs) {
                for (double v : x) {
                    for (double k : kinks) {
                        if (Math.abs(v - k) <= MARGIN) {
                            return false;
                        }
                    }
                }
            }
            return true;
        };
    }

    /** Every element is more than MARGIN away from the lattice {@code offset + Z}. */
    static Predicate<double[][]> awayFromLattice(double offset) {
        return xs -> {
            for (double[] x : xs) {
                for (double v : x) {
                    double frac = v - offset - Math.floor(v - offset);
                    if (frac <= MARGIN || frac >= 1 - MARGIN) {
                        return false;
                    }
                }
            }
            return true;
        };
    }

    /** All elements of input {@code i} pairwise more than MARGIN apart (no reduction ties). */
    static Predicate<double[][]> distinct(int i) {
        return xs -> {
            double[] x = xs[i];
            for (int a = 0; a < x.length; a++) {
                for (int b = a + 1; b < x.length; b++) {
                    if (Math.abs(x[a] - x[b]) <= MARGIN) {
                        return false;
                    }
                }
            }
            return true;
        };
    }

    // ---- plain-double reference helpers (independent of dev.clarke) ----------------------------

    static double[] map(double[] a, DoubleUnaryOperator f) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = f.applyAsDouble(a[i]);
        }
        return out;
    }

    /** numpy broadcast of two shapes. */
    static int[] broadcastShape(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
            int db = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            out[i] = Math.max(da, db);
        }
        return out;
    }

    /** {@code a} (shape sa) expanded to shape {@code out}, row-major. */
    static double[] expand(double[] a, int[] sa, int[] out) {
        int n = size(out);
        double[] r = new double[n];
        int[] idx = new int[out.length];
        for (int f = 0; f < n; f++) {
            int rem = f;
            for (int d = out.length - 1; d >= 0; d--) {
                idx[d] = rem % out[d];
                rem /= out[d];
            }
            int off = 0;
            int stride = 1;
            for (int d = sa.length - 1; d >= 0; d--) {
                int i = sa[d] == 1 ? 0 : idx[d + out.length - sa.length];
                off += i * stride;
                stride *= sa[d];
            }
            r[f] = a[off];
        }
        return r;
    }

    static double[] zip(double[] a, int[] sa, double[] b, int[] sb, DoubleBinaryOperator f) {
        int[] out = broadcastShape(sa, sb);
        double[] ea = expand(a, sa, out);
        double[] eb = expand(b, sb, out);
        double[] r = new double[ea.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.applyAsDouble(ea[i], eb[i]);
        }
        return r;
    }

    /** Batched matrix product of [batch..., m, k] by [batch..., k, n] with equal (pre-expanded) batches. */
    static double[] matmul(double[] a, double[] b, int batch, int m, int k, int n) {
        double[] c = new double[batch * m * n];
        for (int t = 0; t < batch; t++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a[t * m * k + i * k + p] * b[t * k * n + p * n + j];
                    }
                    c[t * m * n + i * n + j] = s;
                }
            }
        }
        return c;
    }

    // ---- the check ------------------------------------------------------------------------------

    /** Fills each input from consecutive raw values mapped into the case's domain. */
    static double[][] inputs(Case c, List<Double> raw) {
        double[][] xs = new double[c.shapes().length][];
        int at = 0;
        for (int i = 0; i < xs.length; i++) {
            xs[i] = new double[size(c.shapes()[i])];
            for (int j = 0; j < xs[i].length; j++) {
                xs[i][j] = c.domain().applyAsDouble(raw.get(at++ % raw.size()));
            }
        }
        return xs;
    }

    static double plainScalar(Case c, double[][] xs) {
        double[] out = c.plain().apply(xs);
        double s = 0;
        for (int i = 0; i < out.length; i++) {
            s += weight(i) * out[i];
        }
        return s;
    }

    static void check(Case c, List<Double> raw, long seed) {
        double[][] xs = inputs(c, raw);
        Assume.that(c.away().test(xs));
        double[] expectedOut = c.plain().apply(xs);

        Trace t = new Trace();
        Var[] in = new Var[xs.length];
        for (int i = 0; i < xs.length; i++) {
            in[i] = t.input(Tensor.of(DType.F64, Shape.of(c.shapes()[i]), xs[i]));
        }
        Var y = c.program().apply(t, in);
        assertEquals(expectedOut.length, y.value().size(), c.name() + ": output size");
        for (int i = 0; i < expectedOut.length; i++) {
            double e = expectedOut[i];
            assertEquals(e, y.value().get(i), 1e-12 * (1 + Math.abs(e)), c.name() + ": value[" + i + "]");
        }
        double[] w = new double[expectedOut.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = weight(i);
        }
        Var z = y.mul(t.constant(Tensor.of(DType.F64, y.shape(), w))).sum();

        // Forward mode, before the reverse pass releases the trace: a random tangent and a unit one.
        SplittableRandom rng = new SplittableRandom(seed);
        Map<Var, Tensor> tangents = new IdentityHashMap<>();
        double[][] v = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            v[i] = new double[xs[i].length];
            for (int j = 0; j < v[i].length; j++) {
                v[i][j] = rng.nextDouble(-1, 1);
            }
            tangents.put(in[i], Tensor.of(DType.F64, Shape.of(c.shapes()[i]), v[i]));
        }
        double jvRandom = t.jvp(z, tangents).item();
        int ui = rng.nextInt(xs.length);
        int uj = rng.nextInt(xs[ui].length);
        double[] unit = new double[xs[ui].length];
        unit[uj] = 1;
        double jvUnit = t.jvp(z, Map.of(in[ui], Tensor.of(DType.F64, Shape.of(c.shapes()[ui]), unit))).item();

        Gradients g = t.grad(z, in);
        double dot = 0;
        double scale = 1;
        for (int i = 0; i < xs.length; i++) {
            Tensor gi = g.of(in[i]);
            assertEquals(xs[i].length, gi.size(), c.name() + ": gradient size of input " + i);
            for (int j = 0; j < xs[i].length; j++) {
                dot += gi.get(j) * v[i][j];
                scale += Math.abs(gi.get(j) * v[i][j]);
            }
        }
        assertEquals(dot, jvRandom, 1e-10 * scale, c.name() + ": reverse·v vs jvp(v)");
        double gu = g.of(in[ui]).get(uj);
        assertEquals(gu, jvUnit, 1e-10 * (1 + Math.abs(gu)), c.name() + ": reverse vs jvp(e_" + ui + "," + uj + ")");

        // Central differences of the independent plain implementation, one coordinate at a time.
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < xs[i].length; j++) {
                double x0 = xs[i][j];
                double h = 1e-6 * Math.max(1, Math.abs(x0));
                xs[i][j] = x0 + h;
                double fp = plainScalar(c, xs);
                xs[i][j] = x0 - h;
                double fm = plainScalar(c, xs);
                xs[i][j] = x0;
                double cd = (fp - fm) / (2 * h);
                double gij = g.of(in[i]).get(j);
                if (!(Math.abs(cd - gij) <= 1e-5 * (1 + Math.abs(gij)))) {
                    bad.add("d/dx" + i + "[" + j + "] at " + x0 + ": grad " + gij + ", central difference " + cd);
                }
            }
        }
        assertTrue(bad.isEmpty(), c.name() + ": " + bad);
    }
}
