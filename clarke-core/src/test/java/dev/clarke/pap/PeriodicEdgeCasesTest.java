package dev.clarke.pap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ad.Trace;
import dev.clarke.ad.Var;
import dev.clarke.ops.Family;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.ops.UnaryPiecewise;
import dev.clarke.tensor.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * floor and round at floating-point edges: just inside a piece next to a half-integer, and at
 * magnitudes where every double is an integer (≥ 2^52). Several of these reproduce bugs (see the
 * method comments); the expected values are what the mathematics of the pieces requires.
 */
class PeriodicEdgeCasesTest {

    private static final double TWO52 = 0x1p52;
    private static final double TWO53 = 0x1p53;

    /**
     * BUG (UnaryPiecewise.kinkAt, ROUND case): x = nextUp(−0.5) = −0.5 + 2^-54 lies strictly inside
     * (−0.5, 0.5), where round is the constant 0 — not a kink. kinkAt tests x − floor(x) == 0.5, and
     * x − (−1) = 0.5 + 2^-54 rounds to 0.5, so it reports a kink: AD then returns the policy's kink
     * derivative (7 under round=7) where the interior piece's derivative is 0, and logs a spurious hit.
     */
    @Test
    void roundJustAboveMinusHalfIsNotAKink() {
        double x = Math.nextUp(-0.5);
        assertNull(UnaryPiecewise.kinkAt(Family.ROUND, x, new double[0]), "kinkAt(round, " + x + ")");
        Trace t = new Trace(KinkPolicy.parse("round=7"), DType.F64);
        Var in = t.input(x);
        Var y = in.round();
        assertEquals(0.0, y.item(), 0.0, "round(-0.4999...) is (minus) zero");
        assertTrue(t.kinks().isEmpty(), "no kink hit expected, got " + t.kinks().hits());
        assertEquals(0.0, t.grad(y, in).of(in).item(), "interior piece of round: derivative 0");
    }

    /** The mirror images and other half-integer neighbours are detected correctly (passes today). */
    @Test
    void otherHalfIntegerNeighboursAreNotKinks() {
        for (double x : new double[] {Math.nextDown(0.5), Math.nextUp(0.5), Math.nextDown(-0.5),
            Math.nextUp(-1.5), Math.nextDown(-1.5), Math.nextUp(2.5), Math.nextUp(-2.5)}) {
            assertNull(UnaryPiecewise.kinkAt(Family.ROUND, x, new double[0]), "round at " + x);
            Piece p = Declarations.unary(Family.ROUND, new double[0], KinkPolicy.mid()).pieceAt(new double[] {x});
            assertFalse(p.lowerDimensional(), "round at " + x + ": " + p.label());
        }
        for (double x : new double[] {-0.5, 0.5, -1.5, 2.5}) {
            assertTrue(UnaryPiecewise.kinkAt(Family.ROUND, x, new double[0]) != null, "round at " + x);
        }
    }

    /**
     * BUG (Declarations.periodic, piecesNear): for |x| ≥ 2^53 the loop {@code for (double k = base − 1;
     * k <= base + 1; k++)} never ends, because base + 1 rounds to base and k++ stops advancing. Any
     * induced representation or checker call on a trace with floor/round of such a value hangs.
     * Expected: one piece (x is an integer, so floor's kink piece).
     */
    @Test
    @SuppressWarnings({"deprecation", "removal"})
    void floorPiecesAtTwoToThe53Terminate() throws InterruptedException {
        PapRepresentation rep = Declarations.unary(Family.FLOOR, new double[0], KinkPolicy.mid());
        assertEquals(1, rep.piecesContaining(new double[] {2.5}).size(), "warm-up at an ordinary value");
        // The buggy loop allocates two pieces per spin, so it would exhaust the heap of the whole test
        // JVM within a second: run it on its own thread and stop that thread after 100 ms (a correct
        // implementation takes microseconds). Thread.stop still works on Java 17.
        List<List<Piece>> result = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread worker = new Thread(() -> result.add(rep.piecesContaining(new double[] {TWO53})), "floor-2^53");
        worker.setDaemon(true);
        worker.start();
        worker.join(100);
        boolean hung = worker.isAlive();
        if (hung) {
            worker.stop();
            worker.join(1000);
        }
        assertFalse(hung, "Declarations.unary(floor).piecesContaining([2^53]) did not return within 100 ms");
        assertEquals(1, result.get(0).size());
        assertTrue(result.get(0).get(0).lowerDimensional(), "2^53 is an integer: floor's kink piece");
    }

    /**
     * BUG (Declarations.periodic, round): at x = 2^52 + 1 the interval bounds k ± 0.5 are not
     * representable (ulp 1) and round half-to-even: k = 2^52+1 gives the interval (2^52, 2^52+1), k =
     * 2^52+2 gives (2^52+2, 2^52+3) and kinks sit at 2^52 and 2^52+2, so nothing contains x and pieceAt
     * throws. Expected: exactly one piece (round is the constant x near x, derivative 0).
     */
    @Test
    void roundAtLargeOddIntegerLiesInAPiece() {
        double x = TWO52 + 1;
        PapRepresentation rep = Declarations.unary(Family.ROUND, new double[0], KinkPolicy.mid());
        assertEquals(List.of(), rep.validate(List.of(new double[] {x})));
    }

    /** Below 2^52 large values are fine (passes today): floor at 1e15 + 0.5 and round at 1e15 + 0.25. */
    @Test
    void largeButRepresentableValuesHaveOnePiece() {
        double[][] cases = {{1e15 + 0.5}, {-1e15 - 0.5}, {1e15}, {TWO52 - 1}};
        for (Family f : List.of(Family.FLOOR, Family.ROUND)) {
            PapRepresentation rep = Declarations.unary(f, new double[0], KinkPolicy.mid());
            for (double[] x : cases) {
                assertEquals(List.of(), rep.validate(List.of(x)), f.id() + " at " + x[0]);
            }
        }
    }
}
