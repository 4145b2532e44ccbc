package dev.clarke.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Rounding of every dtype against {@link MinifloatOracle}, an independent decoder and exact search. */
class DTypeTest {

    private static final MinifloatOracle F16 = new MinifloatOracle(5, 10);
    private static final MinifloatOracle BF16 = new MinifloatOracle(8, 7);

    private static void assertSame(double expected, double actual, String what) {
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
                () -> what + ": expected " + expected + " but got " + actual);
    }

    /** Every pattern decodes to a fixed point of round; every midpoint rounds to the even neighbour. */
    private static void checkAllPatterns(MinifloatOracle o, java.util.function.DoubleUnaryOperator round) {
        for (int bits = 0; bits < o.patterns(); bits++) {
            double v = o.decode(bits);
            double r = round.applyAsDouble(v);
            if (Double.isNaN(v)) {
                assertTrue(Double.isNaN(r), "NaN pattern " + bits);
            } else {
                assertSame(v, r, "pattern " + Integer.toHexString(bits));
            }
        }
        for (int i = 0; i + 1 < o.values.length; i++) {
            double lo = o.values[i], hi = o.values[i + 1];
            double mid = (lo + hi) / 2; // exact: both have few significant bits
            double even = (i & 1) == 0 ? lo : hi;
            assertSame(even, round.applyAsDouble(mid), "midpoint of " + lo + " and " + hi);
            assertSame(-even, round.applyAsDouble(-mid), "midpoint of " + -lo + " and " + -hi);
            assertSame(hi, round.applyAsDouble(Math.nextUp(mid)), "just above midpoint of " + lo + " and " + hi);
            assertSame(lo, round.applyAsDouble(Math.nextDown(mid)), "just below midpoint of " + lo + " and " + hi);
        }
        double max = o.values[o.values.length - 1];
        double threshold = o.overflowAt.doubleValue();
        assertSame(Double.POSITIVE_INFINITY, round.applyAsDouble(threshold), "overflow midpoint");
        assertSame(Double.NEGATIVE_INFINITY, round.applyAsDouble(-threshold), "negative overflow midpoint");
        assertSame(max, round.applyAsDouble(Math.nextDown(threshold)), "just below overflow");
        assertSame(Double.POSITIVE_INFINITY, round.applyAsDouble(Double.MAX_VALUE), "huge");
        assertSame(-0.0, round.applyAsDouble(-Double.MIN_VALUE), "tiny negative");
        assertSame(0.0, round.applyAsDouble(o.values[1] / 2), "half the smallest subnormal ties to 0");
    }

    @Test
    void f16EveryPatternAndMidpoint() {
        checkAllPatterns(F16, DType.F16::round);
        assertEquals(65504.0, F16.values[F16.values.length - 1]);
        assertEquals(Math.pow(2, -24), F16.values[1]);
    }

    @Test
    void bf16EveryPatternAndMidpoint() {
        checkAllPatterns(BF16, DType.BF16::round);
        assertEquals(Math.pow(2, -133), BF16.values[1]);
    }

    @Test
    void smallMinifloatsThroughFloatFormat() {
        for (int[] em : new int[][] {{4, 3}, {5, 2}, {3, 4}, {2, 1}}) {
            FloatFormat f = new FloatFormat(em[0], em[1]);
            MinifloatOracle o = new MinifloatOracle(em[0], em[1]);
            checkAllPatterns(o, f::round);
            assertEquals(o.values[o.values.length - 1], f.maxValue());
            assertEquals(o.values[1], f.minSubnormal());
        }
    }

    /** Random doubles across and beyond each format's range, and near its midpoints, against exact search. */
    private static void checkRandom(MinifloatOracle o, DType t, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int emin = 1 - o.bias - o.mbits - 3, emax = o.bias + 2;
        for (int n = 0; n < 200_000; n++) {
            double v;
            if (n % 2 == 0) {
                long mant = rng.nextLong() & ((1L << 52) - 1);
                int e = emin + rng.nextInt(emax - emin + 1);
                v = Math.scalb(Double.longBitsToDouble((1023L << 52) | mant), e);
            } else { // near a midpoint, within a few double or float ulps
                int i = rng.nextInt(o.values.length - 1);
                double mid = (o.values[i] + o.values[i + 1]) / 2;
                double step = rng.nextBoolean() ? Math.ulp(mid) : Math.ulp((float) mid) / 4;
                v = mid + (rng.nextInt(9) - 4) * step;
            }
            if (rng.nextBoolean()) {
                v = -v;
            }
            assertSame(o.round(v), t.round(v), t + " round(" + v + ")");
        }
    }

    @Test
    void f16RandomAgainstExactSearch() {
        checkRandom(F16, DType.F16, 1);
    }

    @Test
    void bf16RandomAgainstExactSearch() {
        checkRandom(BF16, DType.BF16, 2);
    }

    @Test
    void noDoubleRoundingThroughFloat() {
        // 1 + 2^-11 is the F16 midpoint of 1 and 1 + 2^-10; a hair above it, float rounding lands on
        // the midpoint exactly and a second rounding would tie down to 1.
        double v = 1 + Math.pow(2, -11) + Math.pow(2, -30);
        assertEquals(1 + Math.pow(2, -11), (double) (float) v);
        assertEquals(1 + Math.pow(2, -10), DType.F16.round(v));
        double w = 1 + Math.pow(2, -8) + Math.pow(2, -40); // BF16 midpoint of 1 and 1 + 2^-7, plus a hair
        assertEquals(1 + Math.pow(2, -7), DType.BF16.round(w));
    }

    @Test
    void f32AndF64() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int n = 0; n < 10_000; n++) {
            double v = Double.longBitsToDouble(rng.nextLong());
            assertSame(v, DType.F64.round(v), "f64 identity");
            assertSame((float) v, DType.F32.round(v), "f32");
        }
    }

    @Test
    void specialValuesKept() {
        for (DType t : DType.values()) {
            assertSame(-0.0, t.round(-0.0), t + " -0");
            assertSame(0.0, t.round(0.0), t + " +0");
            assertTrue(Double.isNaN(t.round(Double.NaN)), t + " NaN");
            assertSame(Double.NEGATIVE_INFINITY, t.round(Double.NEGATIVE_INFINITY), t + " -inf");
        }
    }

    @Test
    void idsParseAndStorage() {
        assertEquals("f64", DType.F64.id());
        assertEquals("bf16", DType.BF16.id());
        for (DType t : DType.values()) {
            assertEquals(t, DType.parse(t.id()));
            assertEquals(t, DType.parse(t.id().toUpperCase()));
        }
        assertFalse(DType.F64.usesFloatStorage());
        assertTrue(DType.F32.usesFloatStorage() && DType.BF16.usesFloatStorage() && DType.F16.usesFloatStorage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.parse("xyz"));
        assertEquals("unknown dtype 'xyz': expected f64, f32, bf16 or f16", e.getMessage());
    }

    @Test
    void floatFormatRejectsBadWidths() {
        assertThrows(IllegalArgumentException.class, () -> new FloatFormat(1, 3));
        assertThrows(IllegalArgumentException.class, () -> new FloatFormat(11, 3));
        assertThrows(IllegalArgumentException.class, () -> new FloatFormat(5, 0));
    }
}
