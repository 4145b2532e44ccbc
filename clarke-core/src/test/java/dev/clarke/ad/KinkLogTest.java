package dev.clarke.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kink log: every exact hit with node id, op, element index (in the op's output) and kink
 * point; after backward, the adjoint — the cotangent at that element of the op's output.
 */
class KinkLogTest {

    private static Tensor vec(double... v) {
        return Tensor.of(DType.F64, Shape.of(v.length), v);
    }

    @Test
    void scalarReluHitRecordsNodeOpElementPointAndAdjointAfterBackward() {
        Trace t = new Trace();
        Var x = t.input(0.0);
        Var r = x.relu();
        Var y = r.mul(3);
        KinkLog log = t.kinks();
        assertEquals(1, log.size());
        KinkLog.Hit h = log.get(0);
        assertEquals(r.nodeId(), h.node());
        assertEquals("relu", h.op());
        assertEquals(0, h.element());
        assertEquals(0.0, h.point());
        assertFalse(h.hasAdjoint(), "no adjoint before backward");
        t.grad(y, x);
        // y = 3·relu(x): the cotangent at relu's output is ∂y/∂r = 3
        assertEquals(3.0, log.get(0).adjoint());
        assertTrue(log.get(0).hasAdjoint());
        assertEquals(1, log.countNonZeroAdjoint());
    }

    /** The trace re-aims one sink at each node: hits of consecutive piecewise nodes keep their own node and op. */
    @Test
    void consecutivePiecewiseNodesLogTheirOwnHits() {
        Trace t = new Trace();
        Var x = t.input(0.0);
        Var a = x.abs();                        // |0|: a hit at 0
        Var b = a.sub(1).max(t.constant(-1.0)); // −1 vs −1: a tie
        Var c = b.clamp(-1, 2);                 // at the lower bound
        Var d = c.relu();                       // −1: no hit
        Var v = t.input(vec(2, 5, 5));
        Var e = v.max();                        // two elements tie: one hit, on the output element
        Var y = d.add(c).add(e);
        List<KinkLog.Hit> hits = t.kinks().hits();
        int[] nodes = {a.nodeId(), b.nodeId(), c.nodeId(), e.nodeId()};
        String[] ops = {"abs", "max", "clamp", "reduce_max"};
        assertEquals(nodes.length, hits.size(), hits.toString());
        for (int i = 0; i < nodes.length; i++) {
            assertEquals(nodes[i], hits.get(i).node(), "hit " + i);
            assertEquals(ops[i], hits.get(i).op(), "hit " + i);
        }
        assertEquals(-1.0, hits.get(1).point());
        assertEquals(-1.0, hits.get(2).point());
        assertEquals(0, hits.get(3).element());
        assertEquals(5.0, hits.get(3).point());
        assertEquals(-1.0 + 0 + 5, y.item());
    }

    @Test
    void vectorReluHitsAreTheZeroPositionsWithTheirCotangents() {
        Trace t = new Trace();
        Var x = t.input(vec(1, 0, -2, -0.0, 5, 0));
        Var r = x.relu();
        double[] w = {10, 20, 30, 40, 50, 0};
        Var y = r.mul(t.constant(vec(w))).sum();
        List<KinkLog.Hit> hits = t.kinks().hits();
        assertEquals(3, hits.size());
        int[] zeros = {1, 3, 5};
        for (int i = 0; i < 3; i++) {
            assertEquals(zeros[i], hits.get(i).element());
            assertEquals(r.nodeId(), hits.get(i).node());
            assertEquals(0.0, hits.get(i).point());
        }
        t.grad(y, x);
        // ∂y/∂r_i = w_i
        assertEquals(20.0, t.kinks().get(0).adjoint());
        assertEquals(40.0, t.kinks().get(1).adjoint());
        assertEquals(0.0, t.kinks().get(2).adjoint());
        assertEquals(2, t.kinks().countNonZeroAdjoint(), "the zero-weight hit does not matter to y");
    }

    @Test
    void vjpAdjointsAreTheCotangentAtTheOpsOutput() {
        Trace t = new Trace();
        Var x = t.input(vec(0, 2, 0));
        Var y = x.abs();
        t.vjp(y, vec(7, 8, -9), List.of(x), Backward.RELEASE);
        assertEquals(2, t.kinks().size());
        assertEquals(0, t.kinks().get(0).element());
        assertEquals(7.0, t.kinks().get(0).adjoint());
        assertEquals(2, t.kinks().get(1).element());
        assertEquals(-9.0, t.kinks().get(1).adjoint());
    }

    @Test
    void adjointIsTheCotangentAccumulatedOverAllUses() {
        // y = relu(x)·x + 2·relu(x) at x = 0: ∂y/∂r = x + 2 = 2
        Trace t = new Trace();
        Var x = t.input(0.0);
        Var r = x.relu();
        t.grad(r.mul(x).add(r.mul(2)), x);
        assertEquals(1, t.kinks().size());
        assertEquals(2.0, t.kinks().get(0).adjoint());
    }

    @Test
    void hitsOfEachPiecewisePrimitiveCarryTheirKinkPoint() {
        Trace t = new Trace();
        Var x = t.input(vec(2, -1, 0.5, 6, 3, 3));
        Var c = x.clamp(-1, 2);          // hits at element 0 (hi = 2) and 1 (lo = −1)
        Var f = x.floor();               // hits at 0 (2), 1 (−1), 3 (6), 4 (3), 5 (3)
        Var r6 = x.relu6();              // hit at 3 (6)
        Var hs = x.hardswish();          // hits at 4 and 5 (3)
        Var rd = x.round();              // hit at 2 (0.5)
        Var mx = x.max();                // the maximum 6 occurs once: no tie, no hit
        Var mn = x.slice(0, 4, 6).min(); // a tie of two 3s: one hit at output element 0, point 3
        Var bm = x.max(t.constant(3));   // ties at 4 and 5, point 3
        List<KinkLog.Hit> h = t.kinks().hits();
        assertHits(h, c, "clamp", new int[] {0, 1}, new double[] {2, -1});
        assertHits(h, f, "floor", new int[] {0, 1, 3, 4, 5}, new double[] {2, -1, 6, 3, 3});
        assertHits(h, r6, "relu6", new int[] {3}, new double[] {6});
        assertHits(h, hs, "hardswish", new int[] {4, 5}, new double[] {3, 3});
        assertHits(h, rd, "round", new int[] {2}, new double[] {0.5});
        assertHits(h, mx, "reduce_max", new int[0], new double[0]);
        assertHits(h, mn, "reduce_min", new int[] {0}, new double[] {3});
        assertHits(h, bm, "max", new int[] {4, 5}, new double[] {3, 3});
    }

    private static void assertHits(List<KinkLog.Hit> all, Var out, String op, int[] elements, double[] points) {
        List<KinkLog.Hit> mine = all.stream().filter(h -> h.node() == out.nodeId()).toList();
        assertEquals(elements.length, mine.size(), op + " hits " + mine);
        for (int i = 0; i < elements.length; i++) {
            assertEquals(op, mine.get(i).op());
            assertEquals(elements[i], mine.get(i).element(), op);
            assertEquals(points[i], mine.get(i).point(), op);
        }
    }

    @Test
    void reductionTieAdjointIsTheCotangentAtTheReducedElement() {
        // [[1,1,0],[3,2,3]].max(1) ties in both rows; y = 5·m0 − 4·m1
        Trace t = new Trace();
        Var x = t.input(Tensor.of(DType.F64, Shape.of(2, 3), 1, 1, 0, 3, 2, 3));
        Var m = x.max(1, false);
        Var y = m.mul(t.constant(vec(5, -4))).sum();
        t.grad(y, x);
        assertEquals(2, t.kinks().size());
        assertEquals(0, t.kinks().get(0).element());
        assertEquals(1.0, t.kinks().get(0).point());
        assertEquals(5.0, t.kinks().get(0).adjoint());
        assertEquals(1, t.kinks().get(1).element());
        assertEquals(3.0, t.kinks().get(1).point());
        assertEquals(-4.0, t.kinks().get(1).adjoint());
    }

    @Test
    void hitsNotReachedByBackwardHaveNoAdjoint() {
        Trace t = new Trace();
        Var x = t.input(0.0);
        x.abs(); // computed, but y does not use it
        t.grad(x.mul(2), x);
        assertEquals(1, t.kinks().size());
        assertFalse(t.kinks().get(0).hasAdjoint());
        assertEquals(0, t.kinks().countNonZeroAdjoint());
    }

    @Test
    void offKinkEvaluationLogsNothing() {
        Trace t = new Trace();
        Var x = t.input(vec(1e-300, -1e-300, 0.25, 7));
        x.relu();
        x.abs();
        x.clamp(0, 1);
        x.hardtanh();
        x.max(x.mul(2));
        assertTrue(t.kinks().isEmpty(), "tiny but non-zero values are not hits: " + t.kinks().hits());
    }

    @Test
    void noHitsWhenLoggingIsOffAndTheGradientIsUnchanged() {
        Trace t = new Trace(KinkPolicy.mid(), DType.F64).logKinks(false);
        assertFalse(t.kinks().enabled());
        Var x = t.input(vec(0, 0, 1));
        Var y = x.relu().add(x.abs()).add(x.max(t.constant(0))).sum().add(x.max());
        Tensor g = t.grad(y, x).of(x);
        assertEquals(0, t.kinks().size());
        // relu′(0) = ½, abs′(0) = 0, max(x,0)′ = ½; the max() of [0,0,1] is the unique 1
        assertEquals(1.0, g.get(0));
        assertEquals(1.0, g.get(1));
        assertEquals(1 + 1 + 1 + 1, g.get(2));
    }

    @Test
    void logRecordsHitsInTheWorkingDtype() {
        // In F16, 1e-8 rounds to 0 on input (smallest subnormal 2^-24 ≈ 6e-8): an exact hit.
        Trace t = new Trace(KinkPolicy.mid(), DType.F16);
        Var x = t.input(vec(1e-8, 1e-7));
        x.relu();
        assertEquals(1, t.kinks().size());
        assertEquals(0, t.kinks().get(0).element());
    }
}
