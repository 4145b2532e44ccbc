package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clarke.certify.NetworkCertificate.Hit;
import dev.clarke.certify.NetworkCertificate.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hit table reads back, as records, what was appended and reclassified, past its first capacity. */
class HitTableTest {

    @Test
    void rowsReadBackAsRecords() {
        HitTable t = new HitTable(new String[] {"conv", "relu", "maxpool2d(2)"}, 1);
        t.append(-1, "abs", Kind.OTHER, 0, 7, 0.0, 1.5, true);
        for (int i = 0; i < 10; i++) {
            t.append(2, "maxpool2d(2)", Kind.MAXPOOL_TIE, i % 3, i, 0.25, i % 2 == 0 ? 0 : -1, false);
        }
        t.set(4, Kind.KINKED_WINDOW, true);
        assertEquals(11, t.size());
        assertEquals(new Hit(-1, "abs", Kind.OTHER, 0, 7, 0.0, 1.5, true), t.get(0));
        assertEquals(new Hit(2, "maxpool2d(2)", Kind.KINKED_WINDOW, 0, 3, 0.25, -1, true), t.get(4));
        assertEquals(new Hit(2, "maxpool2d(2)", Kind.MAXPOOL_TIE, 0, 9, 0.25, -1, false), t.get(10));
        assertEquals(10, t.count(2, false));
        assertEquals(5, t.count(2, true));
        assertEquals(6, t.count(null, true));
        assertEquals(0, t.count(1, false));
        List<Hit> view = t;
        assertThrows(UnsupportedOperationException.class, () -> view.add(t.get(0)));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(11));
    }
}
