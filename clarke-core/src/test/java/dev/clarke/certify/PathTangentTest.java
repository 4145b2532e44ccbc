package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PathTangent} as exact vectors: sums, scaling, parallel classes, against hand arithmetic. */
class PathTangentTest {

    @Test
    void oneTermIsScaleTimesPatchAndOne() {
        PathTangent t = PathTangent.of(0, 1, new double[] {2, 0, 3}, true).scaled(0.5);
        assertArrayEquals(new Rational[] {Rational.ONE, Rational.ZERO, Rational.of(3, 2), Rational.of(1, 2)}, t.exact());
        assertEquals(Rational.of(1, 2), t.biasCoefficient());
        assertEquals(4, t.dim());
        // without a bias: no last coordinate, and a zero patch is the zero vector
        PathTangent nb = PathTangent.of(0, 1, new double[] {2, 0, 3}, false);
        assertEquals(3, nb.dim());
        assertEquals(Rational.ZERO, nb.biasCoefficient());
        assertTrue(PathTangent.of(0, 1, new double[] {0, 0}, false).isZero());
        assertFalse(PathTangent.of(0, 1, new double[] {0, 0}, true).isZero());   // the bias coordinate 1
    }

    @Test
    void anAverageSumsItsWindowExactly() {
        // (1/3)·[(1, 2, 1) + (0, 1, 1) + (2, 0, 1)] = (1, 1, 1): 1/3 is not a double, the sum is exact
        PathTangent a = PathTangent.of(2, 0, new double[] {1, 2}, true);
        PathTangent b = PathTangent.of(2, 0, new double[] {0, 1}, true);
        PathTangent c = PathTangent.of(2, 0, new double[] {2, 0}, true);
        PathTangent s = PathTangent.sum(List.of(a, b, c, PathTangent.ZERO), Rational.of(1, 3));
        assertArrayEquals(ExactOracleTest.q(1, 1, 1), s.exact());
        assertNull(s.single());   // three terms: no one-term fast path
        // tangents of two blocks do not sum to a vector on one block
        assertNull(PathTangent.sum(List.of(a, PathTangent.of(2, 1, new double[] {1, 1}, true)), Rational.ONE));
        // a sum that cancels is the zero tangent
        assertTrue(PathTangent.sum(List.of(a, a.scaled(-1)), Rational.ONE).isZero());
    }

    @Test
    void parallelMeansExactMultiplesOfOneBlock() {
        PathTangent u = PathTangent.of(0, 0, new double[] {1, -2}, false);
        PathTangent v = PathTangent.of(0, 0, new double[] {-3, 6}, false);   // −3·u
        PathTangent w = PathTangent.of(0, 0, new double[] {1, -2.0000000000000004}, false);
        assertTrue(u.parallel(v));
        assertEquals(Rational.of(-3), v.leading());
        assertFalse(u.parallel(w));   // differs in the last bit: not parallel
        assertFalse(u.parallel(PathTangent.of(0, 1, new double[] {1, -2}, false)));   // another block
        assertFalse(u.parallel(PathTangent.ZERO));
        // with a bias coordinate, equal patches are parallel only by their scales
        PathTangent p = PathTangent.of(0, 0, new double[] {1, 2}, true);
        assertTrue(p.parallel(p.scaled(-0.25)));
        assertFalse(p.parallel(PathTangent.of(0, 0, new double[] {2, 4}, true)));   // (2, 4, 1) is no multiple of (1, 2, 1)
        assertTrue(p.same(PathTangent.sum(List.of(p, p), Rational.of(1, 2))));
    }
}
