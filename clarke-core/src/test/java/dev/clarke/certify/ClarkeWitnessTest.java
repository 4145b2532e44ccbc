package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.nn.Activation;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import org.junit.jupiter.api.Test;

/** The hierarchical bias perturbation, in exact arithmetic, against hand-derived gradients at w_t. */
class ClarkeWitnessTest {

    private static final Rational[] X = {Rational.ONE};
    private static final Rational[][] X1 = {X};

    /**
     * Test C at (1, −1, 1, 0, 1), relu′(0) = 1 (D⁺): both kink neurons move up, b₁ by t³ and b₂ by t².
     * Then y₁ = t³, y₂ = t³ + t², both positive, and ∇f(w_t) = (v·W₂, v·W₂, z₁, v, z₂) =
     * (1, 1, t³, 1, t³ + t²), which tends to AD's (1, 1, 0, 1, 0).
     */
    @Test
    void twoLayersRightPolicy() {
        Sequential net = Sequential.scalarMlp(new int[] {1, 1}, Activation.relu(), true);
        Rational[] w = ExactOracleTest.q(1, -1, 1, 0, 1);
        ClarkeWitness wit = ClarkeWitness.of(net, w, X, KinkPolicy.right());
        assertEquals(2, wit.size());
        assertEquals(1, wit.side(0));
        assertEquals(1, wit.side(1));
        ExactOracle o = new ExactOracle(net);
        Rational[] ad = o.adGradient(w, X1, KinkPolicy.right());
        assertArrayEquals(ExactOracleTest.q(1, 1, 0, 1, 0), ad);
        Rational previous = null;
        for (long k = 10; k <= 10_000; k *= 10) {
            Rational t = Rational.of(1, k);
            Rational t2 = t.mul(t);
            Rational t3 = t2.mul(t);
            Rational[] wt = wit.at(t);
            assertFalse(o.kinkHit(wt, X1));
            ExactOracle.Decision d = o.decide(wt, X1);
            assertTrue(d.differentiable());
            assertArrayEquals(new Rational[] {Rational.ONE, Rational.ONE, t3, Rational.ONE, t3.add(t2)}, d.gradient());
            Rational dist = maxAbs(d.gradient(), ad);
            if (previous != null) {
                assertTrue(dist.compareTo(previous) < 0);
            }
            previous = dist;
        }
    }

    /** Test A, relu′(0) = 0 (D⁻): b moves down by t², y = −t², ∇f(w_t) = (0, 0, 0) = AD exactly. */
    @Test
    void oneLayerLeftPolicy() {
        Sequential net = Sequential.scalarMlp(new int[] {1}, Activation.relu(), true);
        Rational[] w = ExactOracleTest.q(1, -1, 2);
        ClarkeWitness wit = ClarkeWitness.of(net, w, X, KinkPolicy.left());
        assertEquals(-1, wit.side(0));
        Rational[] wt = wit.at(Rational.of(1, 3));
        assertEquals(Rational.of(-1).sub(Rational.of(1, 9)), wt[1]);
        assertArrayEquals(ExactOracleTest.q(0, 0, 0), new ExactOracle(net).decide(wt, X1).gradient());
    }

    /** Test E, hardtanh's upper kink with pytorch's 0 = D⁺: b moves up, y = 1 + t², ∇f = (0, 0, 1). */
    @Test
    void hardtanhPytorch() {
        Sequential net = Sequential.scalarMlp(new int[] {1}, Activation.hardtanh(), true);
        ClarkeWitness wit = ClarkeWitness.of(net, ExactOracleTest.q(2, -1, 1), X, KinkPolicy.pytorch());
        assertEquals(1, wit.side(0));
        assertArrayEquals(ExactOracleTest.q(0, 0, 1),
                new ExactOracle(net).decide(wit.at(Rational.of(1, 100)), X1).gradient());
    }

    @Test
    void needsBouligandPolicyAndBias() {
        Sequential net = Sequential.scalarMlp(new int[] {1}, Activation.relu(), true);
        assertThrows(IllegalArgumentException.class,
                () -> ClarkeWitness.of(net, ExactOracleTest.q(1, -1, 2), X, KinkPolicy.mid()));
        Sequential noBias = Sequential.scalarMlp(new int[] {1}, Activation.relu(), false);
        assertThrows(IllegalArgumentException.class,
                () -> ClarkeWitness.of(noBias, ExactOracleTest.q(0, 1), X, KinkPolicy.left()));
    }

    private static Rational maxAbs(Rational[] a, Rational[] b) {
        Rational m = Rational.ZERO;
        for (int i = 0; i < a.length; i++) {
            Rational d = a[i].sub(b[i]);
            if (d.signum() < 0) {
                d = d.negate();
            }
            if (d.compareTo(m) > 0) {
                m = d;
            }
        }
        return m;
    }
}
