package dev.clarke.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.data.Dataset;
import dev.clarke.data.Synthetic;
import dev.clarke.nn.Init;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import org.junit.jupiter.api.Test;

/** The bifurcation counter: what counts as a difference, and draws whose relu inputs are forced to 0. */
class BifurcationTest {

    @Test
    void negativeZeroIsNotADifference() {
        assertFalse(Bifurcation.differ(new double[] {0.0, 1}, new double[] {-0.0, 1}));
        assertTrue(Bifurcation.differ(new double[] {0.0, 1}, new double[] {Double.MIN_VALUE, 1}));
    }

    /**
     * With all-zero inputs the first pre-activation is the bias, drawn uniformly from ±1/√fan_in and so
     * never exactly 0 in F64; no kink is hit, and a difference between relu′(0) = 0 and 1 needs one.
     */
    @Test
    void zeroInputsAtF64NeverDiffer() {
        Dataset zeros = new Dataset("zeros", new float[40], new int[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, Shape.of(4), 2);
        Bifurcation.Result r = Bifurcation.run(zeros, 5, 2, DType.F64, 20, new Bifurcation.Protocol(4, 3, Init.TORCH), 1);
        assertEquals(20, r.draws());
        assertEquals(0, r.differing());
        assertEquals(0, r.withHits());
        assertEquals(20 * 3, r.minibatches(), "no draw differs, so each tries all 3 of its minibatches (10 samples, batch 4)");
        assertEquals(0.0, r.perMinibatch());
    }

    @Test
    void countsAreBoundedByDrawsAndDifferencesNeedKinks() {
        Bifurcation.Result r = Bifurcation.run(Synthetic.spirals(100, 2, 0.02, 1), 16, 1, DType.BF16, 10, Bifurcation.Protocol.oneBatch(32), 1);
        assertTrue(r.differing() <= r.withHits() && r.withHits() <= r.draws());
        assertThrows(IllegalArgumentException.class, () -> Bifurcation.run(Synthetic.spirals(), 0, 1, DType.F32, 1, Bifurcation.Protocol.oneBatch(1), 1));
    }

    /**
     * Draw i's first minibatch is the same whatever the number of minibatches tried, so trying more can
     * only add differing draws; and a difference still needs a kink hit in one of them.
     */
    @Test
    void moreMinibatchesPerDrawNeverCountFewer() {
        Dataset d = Synthetic.spirals(200, 2, 0.02, 1);
        Bifurcation.Result one = Bifurcation.run(d, 16, 1, DType.BF16, 12, Bifurcation.Protocol.oneBatch(16), 5);
        Bifurcation.Result five = Bifurcation.run(d, 16, 1, DType.BF16, 12, new Bifurcation.Protocol(16, 5, Init.HE), 5);
        assertTrue(five.differing() >= one.differing(), one + " vs " + five);
        assertTrue(five.differing() > 0 && five.differing() <= five.withHits(), five.toString());
        assertEquals(12, one.minibatches());
        assertTrue(five.minibatches() >= 12 + 4L * (12 - five.differing()) && five.minibatches() <= 60, five.toString());
    }

    /**
     * Draw i depends only on seed + i: draws 0..11 are draws 0..4 and, from seed + 5, draws 0..6; their
     * counts add ({@link Bifurcation.Result#plus}) to the whole run's, in either order.
     */
    @Test
    void drawRangesAddUpToTheWholeRun() {
        Dataset d = Synthetic.spirals(200, 2, 0.02, 1);
        Bifurcation.Protocol p = new Bifurcation.Protocol(16, 3, Init.HE);
        Bifurcation.Result whole = Bifurcation.run(d, 16, 1, DType.BF16, 12, p, 5);
        Bifurcation.Result head = Bifurcation.run(d, 16, 1, DType.BF16, 5, p, 5);
        Bifurcation.Result tail = Bifurcation.run(d, 16, 1, DType.BF16, 7, p, 10);
        assertEquals(whole, head.plus(tail));
        assertEquals(whole, tail.plus(head));
        assertTrue(whole.differing() > 0, "the range test needs some differing draws to mean something");
        assertThrows(IllegalArgumentException.class, () -> whole.plus(Bifurcation.run(d, 8, 1, DType.BF16, 1, p, 5)));
    }
}
