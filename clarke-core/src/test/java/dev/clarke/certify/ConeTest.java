package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Strict homogeneous systems whose feasibility is evident by hand. */
class ConeTest {

    @Test
    void smallSystems() {
        assertTrue(Cone.nonEmptyExact(List.of()));
        assertTrue(Cone.nonEmptyExact(List.of(new double[] {1, 0})));
        assertFalse(Cone.nonEmptyExact(List.of(new double[] {0, 0})));
        // x > 0 and −x > 0
        assertFalse(Cone.nonEmptyExact(List.of(new double[] {1}, new double[] {-1})));
        // x − y > 0, y − x > 0: opposite
        assertFalse(Cone.nonEmptyExact(List.of(new double[] {1, -1}, new double[] {-1, 1})));
        // x − y > 0, y > 0: x = 2, y = 1
        assertTrue(Cone.nonEmptyExact(List.of(new double[] {1, -1}, new double[] {0, 1})));
        // x > 0, y > 0, −x − y > 0: 0 is a positive combination
        assertFalse(Cone.nonEmptyExact(List.of(new double[] {1, 0}, new double[] {0, 1}, new double[] {-1, -1})));
        // x > 0, y > 0, z > 0, −x − y + 3z > 0: (1, 1, 1)
        assertTrue(Cone.nonEmptyExact(List.of(new double[] {1, 0, 0}, new double[] {0, 1, 0}, new double[] {0, 0, 1},
                new double[] {-1, -1, 3})));
        // x − y > 0, y − z > 0, z − x > 0: a cycle, infeasible
        assertFalse(Cone.nonEmptyExact(List.of(new double[] {1, -1, 0}, new double[] {0, 1, -1}, new double[] {-1, 0, 1})));
    }

    /**
     * Cone.point returns a point strictly inside: on random small systems the returned ζ satisfies
     * every row strictly and exists exactly when Cone.nonEmpty says so, and the infeasible {x > 0, −x > 0} gives null. The rows
     * of the random systems are checked at the returned point, independently of the elimination.
     */
    @Test
    void pointsLieStrictlyInside() {
        assertNull(Cone.point(List.<Rational[]>of(q(1, 0), q(-1, 0))));
        assertNull(Cone.point(List.<Rational[]>of(q(0, 0))));
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        int found = 0;
        for (int trial = 0; trial < 300; trial++) {
            List<Rational[]> rows = new java.util.ArrayList<>();
            int m = 1 + rng.nextInt(5);
            for (int i = 0; i < m; i++) {
                rows.add(q(rng.nextInt(-3, 4), rng.nextInt(-3, 4), rng.nextInt(-3, 4)));
            }
            Rational[] z = Cone.point(rows);
            assertEquals(Cone.nonEmpty(rows), z != null);
            if (z != null) {
                found++;
                for (Rational[] r : rows) {
                    Rational s = Rational.ZERO;
                    for (int k = 0; k < r.length; k++) {
                        s = s.add(r[k].mul(z[k]));
                    }
                    assertTrue(s.signum() > 0);
                }
            }
        }
        assertTrue(found > 50 && found < 300, "both kinds of systems occur: " + found);
    }

    private static Rational[] q(long... v) {
        Rational[] r = new Rational[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Rational.of(v[i]);
        }
        return r;
    }
}
