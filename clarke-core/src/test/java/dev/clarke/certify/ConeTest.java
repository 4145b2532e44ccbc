package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
}
