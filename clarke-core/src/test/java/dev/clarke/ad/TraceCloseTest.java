package dev.clarke.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A trace in try-with-resources is released at the end of the block, its kink log kept. */
class TraceCloseTest {

    @Test
    void closeReleasesARetainedTraceAndKeepsTheKinkLog() {
        Trace kept;
        Var x;
        try (Trace t = new Trace(KinkPolicy.mid(), DType.F64)) {
            kept = t;
            x = t.input(0.0);
            Var y = x.relu();
            // RETAIN keeps the nodes for a second pass: relu′(0) = ½ under mid, twice.
            assertEquals(0.5, t.grad(y, List.of(x), Backward.RETAIN).of(x).item());
            assertEquals(0.5, t.grad(y, List.of(x), Backward.RETAIN).of(x).item());
            assertTrue(t.size() >= 2);
        }
        assertEquals(0, kept.size());
        assertEquals(1, kept.kinks().size());
        assertEquals(0.0, kept.kinks().get(0).point());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.relu());
        assertTrue(e.getMessage().contains("released"), e.getMessage());
        kept.close();   // a second close does nothing
        assertEquals(0, kept.size());
    }

    @Test
    void closeRunsWhenTheBlockThrows() {
        Trace[] seen = new Trace[1];
        assertThrows(ArithmeticException.class, () -> {
            try (Trace t = new Trace()) {
                seen[0] = t;
                t.input(1.0).mul(t.input(2.0));
                throw new ArithmeticException("stop");
            }
        });
        assertEquals(0, seen[0].size());
    }
}
