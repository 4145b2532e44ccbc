package dev.clarke.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.PiecewiseKernel;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The value and slope kernels every family gets from its row — the pure-Java loop, the Vector API
 * loop (surefire adds {@code jdk.incubator.vector}, so {@link Kernels#get()} is the vector backend)
 * and the public {@link UnaryPiecewise} entry points — against the per-element evaluation of
 * {@link PiecewiseFunction#value} and {@link PiecewiseFunction#slope} through the row's
 * {@link Segment}s, rounded to the dtype as the per-element loop did: bit for bit (NaN against NaN),
 * with the kink hits in increasing order. Inputs mix random values with the exact kink points, both
 * zeros, the breakpoints' neighbours, NaN, infinities and subnormals, in lengths that leave a
 * vector tail.
 */
class PiecewiseKernelsTest {

    private static final KinkPolicy[] POLICIES = {KinkPolicy.mid(), KinkPolicy.left(), KinkPolicy.right(),
        KinkPolicy.pytorch(), KinkPolicy.lambda(0.3)};
    private static final DType[] DTYPES = {DType.F64, DType.F32, DType.BF16};

    /** Each family with a row at its defaults and at other admissible parameters (α = 1: no kink; lo = hi). */
    private static List<double[]> parameterChoices(Family f) {
        switch (f.id()) {
            case "leaky_relu": return List.of(new double[0], new double[] {0.2}, new double[] {1}, new double[] {-0.5});
            case "elu": return List.of(new double[0], new double[] {0.5}, new double[] {2.5});
            case "softshrink": case "hardshrink": return List.of(new double[0], new double[] {0}, new double[] {1.5});
            case "clamp": return List.of(new double[0], new double[] {-2, 3}, new double[] {0.5, 0.5});
            default: return List.of(new double[0]);
        }
    }

    private static double[] inputs(PiecewiseFunction pf, int n, SplittableRandom rng) {
        List<Double> special = new ArrayList<>(List.of(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-310, -1e-310, 1e-40, -1e-40, 3.0, -3.0, 6.0));
        for (double b : pf.breakpoints()) {
            special.addAll(List.of(b, Math.nextUp(b), Math.nextDown(b), -b));
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextInt(3) == 0 ? special.get(rng.nextInt(special.size())) : rng.nextGaussian() * 4;
        }
        return v;
    }

    @Test
    void everyFamilysKernelsAgreeBitForBitWithThePerElementDefinition() {
        assertTrue(Kernels.get().backend().startsWith("vector"), Kernels.get().backend());
        SplittableRandom rng = new SplittableRandom(12);
        int families = 0;
        for (Family f : Family.values()) {
            if (f.row() == null) {
                continue;
            }
            families++;
            for (double[] params : parameterChoices(f)) {
                PiecewiseFunction pf = f.at(params);
                for (DType t : DTYPES) {
                    for (int n : new int[] {1, 7, 203}) {
                        Tensor x = Tensor.of(t, Shape.of(n), inputs(pf, n, rng));
                        check(f, params, pf, x);
                    }
                }
            }
        }
        assertEquals(14, families, "every family with a row is covered");
    }

    private static void check(Family f, double[] params, PiecewiseFunction pf, Tensor x) {
        String what = f.id() + java.util.Arrays.toString(params) + " " + x.dtype();
        int n = x.size();
        double[] want = new double[n];
        List<String> wantHits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double v = x.get(i);
            want[i] = pf.value(v);
            Kink k = pf.kinkAt(v);
            if (k != null) {
                wantHits.add(i + "@" + k.point());
            }
        }
        Tensor expected = Tensor.of(x.dtype(), x.shape(), want);
        for (Kernels k : new Kernels[] {Kernels.pureJava(), Kernels.get()}) {
            List<String> hits = new ArrayList<>();
            PiecewiseKernel.Hits sink = (i, j) -> hits.add(i + "@" + pf.kinks().get(j).point());
            assertBits(expected, k.piecewise(x, pf.kernel(), sink), what + " value, " + k.backend());
            assertEquals(wantHits, hits, what + " hits, " + k.backend());
            assertBits(expected, k.piecewise(x, pf.kernel(), null), what + " value without detection, " + k.backend());
        }
        if (f != Family.RELU) { // relu has its own kernel: NaN slopes differ (NaN there, the first piece's 0 here)
            List<String> hits = new ArrayList<>();
            assertBits(expected, UnaryPiecewise.value(f, x, params, (i, p) -> hits.add(i + "@" + p)), what + " value");
            assertEquals(wantHits, hits, what + " hits through UnaryPiecewise");
        }
        for (KinkPolicy policy : POLICIES) {
            double[] slopes = new double[n];
            for (int i = 0; i < n; i++) {
                slopes[i] = pf.slope(x.get(i), f, policy);
                if (x.dtype() == DType.F64) {
                    assertBits(slopes[i], UnaryPiecewise.scalarSlope(f, pf, x.get(i), policy), what + " scalar slope");
                    assertBits(pf.value(x.get(i)), UnaryPiecewise.scalarValue(pf, x.get(i), null), what + " scalar value");
                }
            }
            Tensor expectedSlope = Tensor.of(x.dtype(), x.shape(), slopes);
            double[] atKinks = pf.kinkSlopes(f, policy);
            for (Kernels k : new Kernels[] {Kernels.pureJava(), Kernels.get()}) {
                assertBits(expectedSlope, k.piecewiseSlope(x, pf.kernel(), atKinks), what + " slope " + policy + ", "
                        + k.backend());
            }
            if (f != Family.RELU) {
                assertBits(expectedSlope, UnaryPiecewise.slope(f, x, params, policy), what + " slope " + policy);
            }
        }
    }

    private static void assertBits(Tensor want, Tensor got, String what) {
        assertEquals(want.dtype(), got.dtype(), what);
        assertEquals(want.shape(), got.shape(), what);
        for (int i = 0; i < want.size(); i++) {
            assertBits(want.get(i), got.get(i), what + " at element " + i);
        }
    }

    private static void assertBits(double want, double got, String what) {
        if (!(Double.isNaN(want) && Double.isNaN(got))) {
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got),
                    () -> what + ": " + want + " vs " + got);
        }
    }

    /** A hand-checked case the generic kernel must reproduce: hardswish at its kinks, inside and outside. */
    @Test
    void hardswishValuesAndKinkHitsByHand() {
        Tensor x = Tensor.of(DType.F64, Shape.of(9), -4, -3, -1.5, 0, 1.5, 3, 4, Double.NaN, -0.0);
        List<String> hits = new ArrayList<>();
        Tensor y = Kernels.get().piecewise(x, Family.HARDSWISH.at().kernel(), (i, j) -> hits.add(i + ":" + j));
        // x(x + 3)/6: −1.5 → −0.375; 1.5 → 1.125; −3 → 0 (either side), 3 → 3, outer pieces 0 and x
        double[] want = {-0.0, 0, -0.375, 0, 1.125, 3, 4, Double.NaN, 0};
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], y.get(i), 0, "element " + i);
        }
        assertEquals(List.of("1:0", "5:1"), hits);
        // slope (2x + 3)/6 inside: −1.5 → 0, 0 → 0.5, 1.5 → 1; 0/6 and 6/6 outside (NaN: the first piece's);
        // at the kinks the slopes given, here made-up values that no piece has
        Tensor s = Kernels.get().piecewiseSlope(x, Family.HARDSWISH.at().kernel(), new double[] {-0.25, 1.25});
        double[] slope = {0, -0.25, 0, 0.5, 1, 1.25, 1, 0, 0.5};
        for (int i = 0; i < slope.length; i++) {
            assertEquals(slope[i], s.get(i), 0, "slope at element " + i);
        }
    }
}
