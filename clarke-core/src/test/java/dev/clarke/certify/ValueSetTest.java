package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Value sets: ranges, lists, and float formats enumerated from their encodings. */
class ValueSetTest {

    @Test
    void rangesAndLists() {
        ValueSet r = ValueSet.parse("-3..3");
        assertEquals(7, r.size());
        assertEquals(Rational.of(-3), r.get(0));
        ValueSet l = ValueSet.parse("-1,0,0.5,2,1/3,0.5");
        assertEquals(5, l.size());
        assertEquals(Rational.of(1, 3), l.get(2));
        assertThrows(IllegalArgumentException.class, () -> ValueSet.parse("a,b"));
        assertThrows(IllegalArgumentException.class, () -> ValueSet.parse("3..1"));
    }

    /** FP4 E2M1 without specials (OCP): ±{0, 0.5, 1, 1.5, 2, 3, 4, 6}, 15 distinct values. */
    @Test
    void e2m1fn() {
        ValueSet v = ValueSet.parse("e2m1fn");
        assertEquals(15, v.size());
        assertEquals(Rational.of(-6), v.get(0));
        assertEquals(Rational.of(1, 2), v.get(8));
        assertEquals(Rational.of(6), v.get(14));
    }

    /** FP8: E4M3FN's largest value is 448 and its smallest subnormal 2^−9; E5M2's are 57344 and 2^−16. */
    @Test
    void fp8() {
        ValueSet a = ValueSet.parse("fp8e4m3");
        assertEquals(253, a.size());
        assertEquals(Rational.of(448), a.get(252));
        assertEquals(Rational.of(1, 512), a.get(127));
        ValueSet b = ValueSet.parse("fp8e5m2");
        assertEquals(247, b.size());
        assertEquals(Rational.of(57344), b.get(246));
        assertEquals(Rational.of(1, 65536), b.get(124));
    }
}
