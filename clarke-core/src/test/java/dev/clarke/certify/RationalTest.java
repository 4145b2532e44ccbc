package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Exact rational arithmetic, with and without overflow of the long fast path. */
class RationalTest {

    @Test
    void reducesAndNormalisesSigns() {
        assertEquals(Rational.of(1, 2), Rational.of(-3, -6));
        assertEquals("-1/2", Rational.of(3, -6).toString());
        assertEquals("4", Rational.of(8, 2).toString());
    }

    @Test
    void arithmetic() {
        Rational a = Rational.of(1, 6);
        Rational b = Rational.of(1, 3);
        assertEquals(Rational.of(1, 2), a.add(b));
        assertEquals(Rational.of(-1, 6), a.sub(b));
        assertEquals(Rational.of(1, 18), a.mul(b));
        assertEquals(Rational.of(1, 2), a.div(b));
        assertTrue(a.compareTo(b) < 0);
        assertThrows(ArithmeticException.class, () -> a.div(Rational.ZERO));
    }

    @Test
    void overflowMovesToBigIntegers() {
        Rational big = Rational.of(Long.MAX_VALUE);
        Rational sq = big.mul(big);
        BigInteger m = BigInteger.valueOf(Long.MAX_VALUE);
        assertEquals(m.multiply(m), sq.numerator());
        assertEquals(big, sq.div(big));
        assertEquals(Rational.ONE, Rational.of(1, Long.MAX_VALUE).mul(Rational.of(Long.MAX_VALUE)));
        assertEquals(Rational.of(2).negate(), Rational.of(Long.MIN_VALUE).div(Rational.of(Long.MIN_VALUE / 2)).negate());
    }

    @Test
    void exactDoublesAndDecimals() {
        assertEquals(Rational.of(1, 1024), Rational.of(0x1p-10));
        assertEquals(Rational.of(1, 100), Rational.parse("0.01"));
        assertEquals(Rational.of(1, 6), Rational.parse("1/6"));
        assertEquals(Rational.ZERO, Rational.of(-0.0));
        // 0.1 as a double is 3602879701896397 / 2^55
        assertEquals(Rational.of(BigInteger.valueOf(3602879701896397L), BigInteger.ONE.shiftLeft(55)), Rational.of(0.1));
    }

    /**
     * Doubles are read exactly from their bits; the decimal expansion (BigDecimal(v), exact for any
     * double) is the independent reading: equal values, and equal representations (so equal hashes),
     * for normals, subnormals, both signs, and denominators on either side of the long limit.
     */
    @Test
    void doublesAreReadExactlyFromTheirBits() {
        java.util.Random r = new java.util.Random(3);
        java.util.List<Double> vs = new java.util.ArrayList<>(java.util.List.of(0.1, -0.1, 0x1p-61, 0x1p-62, 0x1p-63,
                3 * 0x1p-62, Double.MIN_VALUE, -Double.MIN_NORMAL, 0x1p62 + 0x1p10, -0x1p70, 1.5, -2.75, 1e-300, 1e300,
                Math.nextUp(1.0), Double.MAX_VALUE));
        for (int i = 0; i < 20_000; i++) {
            vs.add(Double.longBitsToDouble(r.nextLong()));
            vs.add(r.nextGaussian() * Math.pow(2, r.nextInt(140) - 70));
        }
        for (double v : vs) {
            if (!Double.isFinite(v)) {
                continue;
            }
            Rational fromBits = Rational.of(v);
            Rational fromDecimal = Rational.of(new java.math.BigDecimal(v));
            assertEquals(fromDecimal, fromBits, Double.toString(v));
            assertEquals(fromDecimal.hashCode(), fromBits.hashCode(), Double.toString(v));
            assertEquals(fromDecimal.toString(), fromBits.toString(), Double.toString(v));
        }
    }
}
