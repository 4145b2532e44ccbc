package dev.clarke.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link PairwiseSum}: the tree's value by hand, and the same bits whatever the split and the order. */
class PairwiseSumTest {

    private static final double TWO53 = 0x1p53;

    /**
     * Terms 2⁵³, 1, 1, 1. A running sum stays at 2⁵³ (2⁵³ + 1 is a tie, rounded to the even 2⁵³); the tree
     * gives (2⁵³ + 1) + (1 + 1) = 2⁵³ + 2, exact. Every order of adding and merging must give 2⁵³ + 2.
     */
    @Test
    void theTreeFixesTheRoundingWhateverTheOrder() {
        double[] terms = {TWO53, 1, 1, 1};
        assertEquals(TWO53, ((TWO53 + 1) + 1) + 1, "the running sum loses every 1");
        for (int[] order : new int[][] {{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 3, 1}, {1, 3, 0, 2}}) {
            PairwiseSum s = new PairwiseSum(4, 1);
            for (int i : order) {
                s.add(i, new double[] {terms[i]});
            }
            assertEquals(TWO53 + 2, s.total()[0]);
        }
    }

    /** n = 3: the root is [0,1] + [2] (the right sibling of [2] lies past n), so (2⁵³ + 1) + 1 = 2⁵³ twice rounded down. */
    @Test
    void anOddCountPromotesTheLastTerm() {
        PairwiseSum s = new PairwiseSum(3, 1);
        s.add(2, new double[] {1});
        s.add(0, new double[] {TWO53});
        assertFalse(s.complete());
        s.add(1, new double[] {1});
        assertEquals(TWO53, s.total()[0]);
        PairwiseSum t = new PairwiseSum(3, 1);
        t.add(0, new double[] {1});
        t.add(1, new double[] {1});
        t.add(2, new double[] {TWO53});
        assertEquals(TWO53 + 2, t.total()[0], "(1 + 1) + 2^53, exact");
    }

    @Test
    void randomSplitsAndMergeOrdersGiveTheSameBits() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + rng.nextInt(40);
            double[][] terms = new double[n][];
            for (int i = 0; i < n; i++) {
                terms[i] = new double[] {Math.scalb(rng.nextDouble() - 0.5, rng.nextInt(-30, 30)), rng.nextGaussian()};
            }
            PairwiseSum whole = new PairwiseSum(n, 2);
            for (int i = 0; i < n; i++) {
                whole.add(i, terms[i]);
            }
            List<Integer> cuts = new ArrayList<>();   // contiguous shards at random cuts, merged in random order
            for (int i = 1; i < n; i++) {
                if (rng.nextInt(3) == 0) {
                    cuts.add(i);
                }
            }
            cuts.add(0, 0);
            cuts.add(n);
            List<PairwiseSum> shards = new ArrayList<>();
            for (int c = 0; c + 1 < cuts.size(); c++) {
                PairwiseSum s = new PairwiseSum(n, 2);
                for (int i = cuts.get(c); i < cuts.get(c + 1); i++) {
                    s.add(i, terms[i]);
                }
                shards.add(s);
            }
            Collections.shuffle(shards, new java.util.Random(trial));
            while (shards.size() > 1) {
                int a = rng.nextInt(shards.size());
                PairwiseSum x = shards.remove(a);
                int b = rng.nextInt(shards.size());
                shards.set(b, rng.nextBoolean() ? shards.get(b).merge(x) : x.merge(shards.get(b)));
            }
            assertArrayEquals(whole.total(), shards.get(0).total(), "trial " + trial + ", n " + n);
        }
    }

    @Test
    void aTermTwiceOrMissingIsRefused() {
        PairwiseSum s = new PairwiseSum(4, 1);
        s.add(1, new double[] {1});
        assertThrows(IllegalArgumentException.class, () -> s.add(1, new double[] {1}));
        PairwiseSum t = new PairwiseSum(4, 1);
        t.add(0, new double[] {1});
        t.add(1, new double[] {1});
        PairwiseSum u = new PairwiseSum(4, 1);
        u.add(1, new double[] {1});
        assertThrows(IllegalArgumentException.class, () -> t.merge(u), "[0,2) already holds term 1");
        assertThrows(IllegalStateException.class, s::total);
        assertThrows(IllegalArgumentException.class, () -> s.add(4, new double[] {1}));
    }
}
