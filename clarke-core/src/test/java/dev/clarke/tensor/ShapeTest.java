package dev.clarke.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ShapeTest {

    @Test
    void basics() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(3, s.rank());
        assertEquals(24, s.size());
        assertEquals(4, s.dim(-1));
        assertEquals(2, s.dim(-3));
        assertEquals(3, s.dim(1));
        assertArrayEquals(new int[] {12, 4, 1}, s.strides());
        assertEquals("[2, 3, 4]", s.toString());
        assertEquals(2, s.axis(-1));
        int[] d = s.dims();
        d[0] = 99;
        assertEquals(2, s.dim(0), "dims() is a copy");
    }

    @Test
    void scalarAndEmpty() {
        assertEquals(0, Shape.SCALAR.rank());
        assertEquals(1, Shape.SCALAR.size());
        assertEquals("[]", Shape.SCALAR.toString());
        assertEquals(Shape.SCALAR, Shape.of());
        assertEquals(0, Shape.of(3, 0, 2).size());
        assertArrayEquals(new int[0], Shape.SCALAR.strides());
    }

    @Test
    void equality() {
        assertEquals(Shape.of(2, 3), Shape.of(2, 3));
        assertEquals(Shape.of(2, 3).hashCode(), Shape.of(2, 3).hashCode());
        assertNotEquals(Shape.of(2, 3), Shape.of(3, 2));
        assertNotEquals(Shape.of(1, 3), Shape.of(3));
    }

    @Test
    void errors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).axis(3));
        assertEquals("axis 3 out of range for shape [2, 3]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).dim(-3));
        assertThrows(IllegalArgumentException.class, () -> Shape.SCALAR.axis(0));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1));
        e = assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).broadcastWith(Shape.of(4)));
        assertEquals("shapes [2, 3] and [4] do not broadcast", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shape.of(1 << 16, 1 << 16));
    }

    @Test
    void broadcastExamples() {
        assertEquals(Shape.of(2, 3), Shape.of(2, 3).broadcastWith(Shape.of(3)));
        assertEquals(Shape.of(2, 3), Shape.of(2, 1).broadcastWith(Shape.of(1, 3)));
        assertEquals(Shape.of(5, 2, 3), Shape.of(2, 1).broadcastWith(Shape.of(5, 1, 3)));
        assertEquals(Shape.of(4), Shape.SCALAR.broadcastWith(Shape.of(4)));
        assertEquals(Shape.of(0, 3), Shape.of(0, 1).broadcastWith(Shape.of(3)));
        assertEquals(Shape.SCALAR, Shape.SCALAR.broadcastWith(Shape.SCALAR));
        assertTrue(Shape.of(3).broadcastsTo(Shape.of(2, 3)));
        assertTrue(!Shape.of(2, 3).broadcastsTo(Shape.of(3)));
    }

    @Test
    void axisEdits() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(Shape.of(2, 4), s.withoutAxis(1));
        assertEquals(Shape.of(2, 3), s.withoutAxis(-1));
        assertEquals(Shape.SCALAR, Shape.of(5).withoutAxis(0));
        assertEquals(Shape.of(2, 7, 4), s.withDim(-2, 7));
        assertEquals(Shape.of(2, 3, 4), s, "immutable");
    }

    /** Broadcasting against the rule written element by element: right-aligned, equal or 1. */
    @Property(tries = 300)
    void broadcastRule(@ForAll long seed) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        int ra = rng.nextInt(5), rb = rng.nextInt(5);
        int[] a = new int[ra], b = new int[rb];
        for (int i = 0; i < ra; i++) {
            a[i] = 1 + rng.nextInt(3);
        }
        for (int i = 0; i < rb; i++) {
            b[i] = 1 + rng.nextInt(3);
        }
        int r = Math.max(ra, rb);
        int[] want = new int[r];
        boolean ok = true;
        for (int i = 1; i <= r; i++) {
            int x = i <= ra ? a[ra - i] : 1, y = i <= rb ? b[rb - i] : 1;
            ok &= x == y || x == 1 || y == 1;
            want[r - i] = Math.max(x, y);
        }
        Shape sa = Shape.of(a), sb = Shape.of(b);
        if (ok) {
            assertEquals(Shape.of(want), sa.broadcastWith(sb));
            assertEquals(Shape.of(want), sb.broadcastWith(sa));
            assertTrue(sa.broadcastsTo(Shape.of(want)) && sb.broadcastsTo(Shape.of(want)));
        } else {
            assertThrows(IllegalArgumentException.class, () -> sa.broadcastWith(sb));
        }
    }
}
