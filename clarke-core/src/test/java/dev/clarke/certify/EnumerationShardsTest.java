package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clarke.nn.Activation;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Point ranges of {@link Enumerator} and {@link NetworkEnumerator}: disjoint ranges add up to the whole enumeration. */
class EnumerationShardsTest {

    private static final Rational[][] X1 = {{Rational.of(1)}};

    /**
     * Widths [2], ReLU, bias, M = −3..3 (the hand count of {@code EnumeratorTest}: ndf = 27048 of 117649).
     * Ranges cut at uneven places, merged in reverse, give those counts; the point of index 7⁶·3 + 3
     * (W₁ = 0, b₁ = −3... in odometer order the first parameter is the most significant) is counted alone too.
     */
    @Test
    void unevenRangesMergedInAnyOrderGiveTheHandCount() {
        Enumerator e = new Enumerator(Sequential.scalarMlp(new int[] {2}, Activation.relu(), true), X1,
                ValueSet.range(-3, 3), List.of(KinkPolicy.mid(), KinkPolicy.right()), false);
        long size = e.checkedSize();
        assertEquals(117_649, size);
        long[] cuts = {0, 1, 65_536, 65_537, 100_000, size};
        Enumerator.Counts merged = Enumerator.Counts.none(2);
        for (int c = cuts.length - 2; c >= 0; c--) {
            merged = e.count(cuts[c], cuts[c + 1]).plus(merged);
        }
        assertEquals(size, merged.total());
        assertEquals(27_048, merged.ndf());
        assertEquals(0, merged.inc(0));
        assertEquals(0, merged.inc(1));
        assertEquals(e.run().ndf(), merged.ndf());
        Enumerator.Counts whole = e.count(0, size);
        assertEquals(whole, merged);
        assertEquals(whole, e.count(0, 100_000).plus(e.count(100_000, size)));
        assertThrows(IllegalArgumentException.class, () -> e.count(5, size + 1));
        assertThrows(IllegalArgumentException.class, () -> e.count(6, 5));
    }

    /**
     * One point by index: with M = −3..3 the digits of index i in base 7 select the values of (W₁, W₂, b₁, b₂, v₁, v₂)
     * in the order of {@link Sequential#scalarMlp}'s parameters. Index 0 is all −3: W + b = −6 ≠ 0 for both
     * neurons, no kink. Index 7⁵·3 + 7⁴·3 + 7³·3 + 7²·3 sets W₁ = W₂ = b₁ = b₂ = 0 (digit 3 is the value 0) and
     * v = (−3, −3): both neurons sit on their kink and f is not differentiable there.
     */
    @Test
    void aSinglePointRangeIsThatPoint() {
        Enumerator e = new Enumerator(Sequential.scalarMlp(new int[] {2}, Activation.relu(), true), X1,
                ValueSet.range(-3, 3), List.of(KinkPolicy.mid()), false);
        Enumerator.Counts first = e.count(0, 1);
        assertEquals(1, first.total());
        assertEquals(0, first.kinkHit());
        long i = 16807L * 3 + 2401 * 3 + 343 * 3 + 49 * 3;
        Enumerator.Counts zero = e.count(i, i + 1);
        assertEquals(1, zero.kinkHit());
        assertEquals(1, zero.ndf());
    }

    @Test
    void networkEnumerationRangesAddUp() {
        NetworkEnumerator e = new NetworkEnumerator(NetworkEnumeratorTest.convPool(1, Activation.relu()),
                NetworkEnumeratorTest.image(0, 0, 0, 0, 0, 0, 0, 0, 0), ValueSet.range(-1, 1), KinkPolicy.mid());
        NetworkEnumerator.Result whole = e.run();
        assertEquals(2187, whole.total());
        NetworkEnumerator.Result merged = e.run(1000, 2187).plus(e.run(0, 1)).plus(e.run(1, 1000));
        assertEquals(whole, merged);
    }
}
