package dev.clarke.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A backward pass releases its trace, so a training loop that records a fresh trace per step runs
 * in constant memory.
 */
class TraceMemoryTest {

    private static final Kernels K = Kernels.get();

    @Test
    void gradReleasesTheTrace() {
        Trace t = new Trace();
        Var x = t.input(2.0);
        Var y = x.mul(x).sin();
        assertTrue(t.size() >= 3, "input, mul and sin are recorded");
        assertEquals(2 * 2.0 * Math.cos(4.0), t.grad(y, x).of(x).item(), 1e-15);
        assertEquals(0, t.size());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.relu());
        assertTrue(e.getMessage().contains("released"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> t.grad(y, x));
    }

    @Test
    void retainKeepsTheTraceForASecondPass() {
        Trace t = new Trace();
        Var x = t.input(3.0);
        Var y = x.mul(x);
        int recorded = t.size();
        assertEquals(6.0, t.grad(y, List.of(x), Backward.RETAIN).of(x).item());
        assertTrue(t.size() >= recorded, "nothing dropped");
        assertEquals(6.0, t.grad(y, x).of(x).item(), "a second reverse pass on the retained trace");
        assertEquals(0, t.size());
    }

    /** Records y = Σ sin(x ⊙ x) with the intermediate x ⊙ x referenced weakly only. */
    private static Var recordWithWeakIntermediate(Trace t, Var x, WeakReference<?>[] ref) {
        Var sq = x.mul(x);
        ref[0] = new WeakReference<>(sq);
        return sq.sin().sum();
    }

    private static void fullGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void releasedIntermediatesBecomeGarbageRetainedOnesDoNot() {
        WeakReference<?>[] kept = new WeakReference<?>[1];
        Trace retained = new Trace();
        Var xr = retained.input(Tensor.full(Shape.of(1000), DType.F64, 0.5));
        retained.grad(recordWithWeakIntermediate(retained, xr, kept), List.of(xr), Backward.RETAIN);

        WeakReference<?>[] dropped = new WeakReference<?>[1];
        Trace released = new Trace();
        Var x = released.input(Tensor.full(Shape.of(1000), DType.F64, 0.5));
        released.grad(recordWithWeakIntermediate(released, x, dropped), x);

        fullGc();
        assertNotNull(kept[0].get(), "a retained trace still holds its nodes");
        assertNull(dropped[0].get(), "a released trace holds nothing: the intermediate was collected");
        assertTrue(retained.size() > 0);
    }

    /**
     * A recorded value is its own node, so the output the caller holds must not keep the released
     * recording alive: its links to inputs and rules are cut, its value stays.
     */
    @Test
    void aHeldOutputKeepsItsValueButNotTheReleasedRecording() {
        WeakReference<?>[] intermediate = new WeakReference<?>[1];
        Trace t = new Trace();
        Var x = t.input(Tensor.full(Shape.of(1000), DType.F64, 0.5));
        Var y = recordWithWeakIntermediate(t, x, intermediate);
        double expected = 1000 * Math.sin(0.25);
        t.grad(y, x);
        fullGc();
        assertNull(intermediate[0].get(), "the held output kept the intermediate x ⊙ x alive");
        assertEquals(expected, y.item(), 1e-9);
        assertEquals(0, t.steps().size());
    }

    /** 1/x at 1e-300 is finite (1e300), its derivative −1/x² is not: the pass throws, and RELEASE still releases. */
    @Test
    void aPassThatThrowsStillReleasesTheTrace() {
        Trace t = new Trace();
        Var x = t.input(1e-300);
        Var y = x.pow(-1);
        assertEquals(1e300, y.item(), 1e286);
        assertThrows(DomainException.class, () -> t.grad(y, x));
        assertEquals(0, t.size());
        assertThrows(IllegalStateException.class, () -> x.relu());
    }

    private static long usedHeap() {
        fullGc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void hundredThousandTrainingStepsDoNotGrowMemory() {
        // A tiny MLP: X [8,4] → relu(X·W1 + b1) [8,8] → ·W2 [8,1], mse against a fixed target.
        Tensor xData = Tensor.uniform(Shape.of(8, 4), DType.F64, -1, 1, 1);
        Tensor target = Tensor.uniform(Shape.of(8, 1), DType.F64, -1, 1, 2);
        Tensor w1 = Tensor.uniform(Shape.of(4, 8), DType.F64, -0.5, 0.5, 3);
        Tensor b1 = Tensor.full(Shape.of(8), DType.F64, 0.1);
        Tensor w2 = Tensor.uniform(Shape.of(8, 1), DType.F64, -0.5, 0.5, 4);
        double lr = 0.05;
        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        long usedAt10k = 0;
        int steps = 100_000;
        for (int step = 1; step <= steps; step++) {
            Trace t = new Trace(KinkPolicy.mid(), DType.F64);
            Var x = t.constant(xData);
            Var pw1 = t.input(w1);
            Var pb1 = t.input(b1);
            Var pw2 = t.input(w2);
            Var loss = x.matmul(pw1).add(pb1).relu().matmul(pw2).mse(t.constant(target));
            Gradients g = t.grad(loss, pw1, pb1, pw2);
            if (t.size() != 0) {
                throw new AssertionError("trace not released at step " + step + ": " + t.size() + " nodes");
            }
            w1 = K.sub(w1, K.scale(g.of(pw1), lr));
            b1 = K.sub(b1, K.scale(g.of(pb1), lr));
            w2 = K.sub(w2, K.scale(g.of(pw2), lr));
            if (step == 1) {
                firstLoss = loss.item();
            }
            if (step == 10_000) {
                usedAt10k = usedHeap();
            }
            lastLoss = loss.item();
        }
        long usedAtEnd = usedHeap();
        long growth = usedAtEnd - usedAt10k;
        assertTrue(growth < 4L << 20, "heap grew by " + growth / 1024 + " KiB between step 10,000 and 100,000");
        assertTrue(Double.isFinite(lastLoss));
        assertTrue(lastLoss < firstLoss, "SGD made progress: " + firstLoss + " -> " + lastLoss);
    }
}
