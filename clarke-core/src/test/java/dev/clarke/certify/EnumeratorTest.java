package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.nn.Activation;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exhaustive enumerations of the family (x = 1, hidden layers, head f = Σ v_i z_i), with the
 * expected counts from the issue and from hand derivations.
 */
class EnumeratorTest {

    private static final Rational[][] X1 = {{Rational.ONE}};
    private static final List<KinkPolicy> POLICIES = List.of(KinkPolicy.mid(), KinkPolicy.left(), KinkPolicy.right(),
            KinkPolicy.pytorch(), KinkPolicy.parse("relu=5"));

    /**
     * Widths [2], ReLU, bias, M = −3..3: neuron i is on its kink iff W_i + b_i = 0 (7 of 49 pairs) and
     * that hit reaches f iff v_i ≠ 0 (6 of 7); the two neurons are independent, so
     * ndf = 7⁶·(1 − (1 − 6/49)²) = 27048. inc = 0 under every policy, even relu′(0) = 5.
     */
    @Test
    void widthTwoReluWithBias() {
        Enumerator.Result r = new Enumerator(Sequential.scalarMlp(new int[] {2}, Activation.relu(), true), X1,
                ValueSet.range(-3, 3), POLICIES, true).run();
        assertEquals(117_649, r.total());
        assertEquals(27_048, r.ndf());
        // kink hit: 1 − (1 − 7/49)² of the points
        assertEquals(117_649 - 117_649 / 49 / 49 * 42 * 42, r.kinkHit());
        for (int q = 0; q < POLICIES.size(); q++) {
            assertEquals(0, r.inc(q), POLICIES.get(q).name());
        }
        assertEquals(117_649, r.certified());
        assertEquals(0, r.mismatches());
        assertEquals(0, r.undecided());
        assertEquals(2.0 / 7, r.bound().density(), 1e-15);
        assertTrue(r.ndf() <= r.kinkHit() && r.kinkHit() <= r.bound().density() * r.total());
    }

    /** Widths [1, 1], ReLU, bias, M = −2..2: the 588 of 3125, inc 0. */
    @Test
    void widthsOneOneReluWithBias() {
        Enumerator.Result r = new Enumerator(Sequential.scalarMlp(new int[] {1, 1}, Activation.relu(), true), X1,
                ValueSet.range(-2, 2), POLICIES, true).run();
        assertEquals(3125, r.total());
        assertEquals(588, r.ndf());
        for (int q = 0; q < POLICIES.size(); q++) {
            assertEquals(0, r.inc(q), POLICIES.get(q).name());
        }
        assertEquals(0, r.mismatches());
        assertEquals(0, r.undecided());
        assertEquals(2.0 / 5, r.bound().density(), 1e-15);
    }

    /** Widths [1, 1], ReLU, no bias, M = −3..3: 343 points, ndf 36; inc 0 with relu′(0) = 0, 18 with 1. */
    @Test
    void widthsOneOneReluWithoutBias() {
        Enumerator.Result r = new Enumerator(Sequential.scalarMlp(new int[] {1, 1}, Activation.relu(), false), X1,
                ValueSet.range(-3, 3), List.of(KinkPolicy.left(), KinkPolicy.right()), false).run();
        assertEquals(343, r.total());
        assertEquals(36, r.ndf());
        assertEquals(0, r.inc(0));
        assertEquals(18, r.inc(1));
        assertFalse(r.bound().vacuous());
    }
}
