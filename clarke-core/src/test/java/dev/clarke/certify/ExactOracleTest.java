package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.nn.Activation;
import dev.clarke.nn.Dense;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import org.junit.jupiter.api.Test;

/**
 * The exact oracle on the hand-derived cases of the paper summary's §4 (x = 1, parameters
 * (W₁, b₁, …, v)), and on one-sided derivatives computed by hand.
 */
class ExactOracleTest {

    static final Rational[][] X1 = {{Rational.ONE}};

    static Rational[] q(long... v) {
        Rational[] r = new Rational[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Rational.of(v[i]);
        }
        return r;
    }

    static Sequential relu1() {
        return Sequential.scalarMlp(new int[] {1}, Activation.relu(), true);
    }

    static Sequential relu11(boolean bias) {
        return Sequential.scalarMlp(new int[] {1, 1}, Activation.relu(), bias);
    }

    /** Test A: f = v·relu(W + b) at (1, −1, 2): y = 0 and γ = v = 2, so f′ in b is +2 one way, 0 the other. */
    @Test
    void testANotDifferentiableAndAdPerPolicy() {
        ExactOracle o = new ExactOracle(relu1());
        Rational[] w = q(1, -1, 2);
        assertEquals(Rational.ZERO, o.value(w, X1));
        assertEquals(Rational.of(2), o.directional(w, X1, q(0, 1, 0)));
        assertEquals(Rational.ZERO, o.directional(w, X1, q(0, -1, 0)));
        ExactOracle.Decision d = o.decide(w, X1);
        assertTrue(d.kinkHit());
        assertFalse(d.differentiable());
        assertEquals(2, d.feasiblePatterns());
        assertArrayEquals(q(0, 0, 0), o.adGradient(w, X1, KinkPolicy.left()));
        assertArrayEquals(q(2, 2, 0), o.adGradient(w, X1, KinkPolicy.right()));
        assertArrayEquals(q(1, 1, 0), o.adGradient(w, X1, KinkPolicy.mid()));
        assertArrayEquals(q(10, 10, 0), o.adGradient(w, X1, KinkPolicy.parse("relu=5")));
    }

    /** Test B: (1, −1, 0): on the kink but γ = 0, so f is differentiable with ∇f = 0. */
    @Test
    void testBDifferentiableWithZeroAdjoint() {
        ExactOracle o = new ExactOracle(relu1());
        ExactOracle.Decision d = o.decide(q(1, -1, 0), X1);
        assertTrue(d.kinkHit());
        assertTrue(d.differentiable());
        assertArrayEquals(q(0, 0, 0), d.gradient());
        assertArrayEquals(q(0, 0, 0), o.adGradient(q(1, -1, 0), X1, KinkPolicy.parse("relu=5")));
    }

    /** Test C: two ReLU layers, (W₁, b₁, W₂, b₂, v). */
    @Test
    void testCTwoLayers() {
        ExactOracle o = new ExactOracle(relu11(true));
        // y1 = 0 with γ1 = v·W2 = 1: not differentiable; AD (0,0,0,1,1) with relu'(0)=0, (1,1,0,1,1) with 1
        assertFalse(o.decide(q(1, -1, 1, 1, 1), X1).differentiable());
        assertArrayEquals(q(0, 0, 0, 1, 1), o.adGradient(q(1, -1, 1, 1, 1), X1, KinkPolicy.left()));
        assertArrayEquals(q(1, 1, 0, 1, 1), o.adGradient(q(1, -1, 1, 1, 1), X1, KinkPolicy.right()));
        // y2 = −1: the kink at y1 = 0 cannot reach f; ∇f = 0
        ExactOracle.Decision d = o.decide(q(1, -1, 1, -1, 1), X1);
        assertTrue(d.differentiable());
        assertArrayEquals(q(0, 0, 0, 0, 0), d.gradient());
        // both neurons on kinks, the deepest with γ = 1
        assertFalse(o.decide(q(1, -1, 1, 0, 1), X1).differentiable());
        assertArrayEquals(q(1, 1, 0, 1, 0), o.adGradient(q(1, -1, 1, 0, 1), X1, KinkPolicy.right()));
    }

    /**
     * Test D (no bias): f = v·relu(W₂·relu(W₁)) at (0, −1, 1) is 0 near the point (for W₁ ≤ 0 the
     * inner relu is 0; for W₁ &gt; 0 small, W₂·W₁ &lt; 0), so ∇f = 0, yet AD gives (−p², 0, 0).
     */
    @Test
    void testDNoBiasIncorrect() {
        ExactOracle o = new ExactOracle(relu11(false));
        Rational[] w = q(0, -1, 1);
        ExactOracle.Decision d = o.decide(w, X1);
        assertTrue(d.differentiable());
        assertArrayEquals(q(0, 0, 0), d.gradient());
        assertArrayEquals(q(0, 0, 0), o.adGradient(w, X1, KinkPolicy.left()));
        assertArrayEquals(q(-1, 0, 0), o.adGradient(w, X1, KinkPolicy.right()));
        assertArrayEquals(new Rational[] {Rational.of(-1, 4), Rational.ZERO, Rational.ZERO},
                o.adGradient(w, X1, KinkPolicy.mid()));
    }

    /** Test E: hardtanh at (2, −1, 1): y = 1, the upper kink (D⁻ = 1, D⁺ = 0). */
    @Test
    void testEHardtanh() {
        ExactOracle o = new ExactOracle(Sequential.scalarMlp(new int[] {1}, Activation.hardtanh(), true));
        Rational[] w = q(2, -1, 1);
        assertFalse(o.decide(w, X1).differentiable());
        assertArrayEquals(q(0, 0, 1), o.adGradient(w, X1, KinkPolicy.pytorch()));
        assertArrayEquals(q(1, 1, 1), o.adGradient(w, X1, KinkPolicy.left()));
    }

    /**
     * softshrink(λ = ½), read off its row in exact arithmetic, at (W, b, v) = (1, −½, 2): y = ½ is
     * the upper kink (D⁻ = 0, D⁺ = 1), f = 0, f′ in b is v·1 = 2 one way and 0 the other, and AD's
     * gradient (v·s·x, v·s, softshrink(y)) has s = λ·0 + (1 − λ)·1.
     */
    @Test
    void softshrinkFromItsRow() {
        ExactOracle o = new ExactOracle(Sequential.scalarMlp(new int[] {1}, Activation.softshrink(0.5), true));
        Rational[] w = {Rational.ONE, Rational.of(-1, 2), Rational.of(2)};
        assertEquals(Rational.ZERO, o.value(w, X1));
        assertEquals(Rational.of(2), o.directional(w, X1, q(0, 1, 0)));
        assertEquals(Rational.ZERO, o.directional(w, X1, q(0, -1, 0)));
        assertFalse(o.decide(w, X1).differentiable());
        assertArrayEquals(q(0, 0, 0), o.adGradient(w, X1, KinkPolicy.left()));
        assertArrayEquals(q(2, 2, 0), o.adGradient(w, X1, KinkPolicy.right()));
        assertArrayEquals(q(1, 1, 0), o.adGradient(w, X1, KinkPolicy.mid()));
        assertArrayEquals(q(0, 0, 0), o.adGradient(w, X1, KinkPolicy.pytorch()), "PyTorch: softshrink′(λ) = 0");
        // λ = 0.1 is read as exactly 1/10: W + b = 1 − 9/10 hits the kink exactly
        ExactOracle tenth = new ExactOracle(Sequential.scalarMlp(new int[] {1}, Activation.softshrink(0.1), true));
        assertTrue(tenth.decide(new Rational[] {Rational.ONE, Rational.of(-9, 10), Rational.of(2)}, X1).kinkHit());
        // off the kinks: y = 3/2 gives f = 2·(3/2 − 1/2) = 2
        assertEquals(Rational.of(2), o.value(new Rational[] {Rational.ONE, Rational.of(1, 2), Rational.of(2)}, X1));
    }

    /**
     * MSE head: f = (v·relu(W + b) − t)² with (W, b, v) = (1, 1, 3), t = 1: y = 2, z = 2, o = 6,
     * f = 25, ∇f = 2(o − t)·(v·x, v, z) = 10·(3, 3, 2).
     */
    @Test
    void mseHead() {
        ExactOracle o = new ExactOracle(relu1(), new Rational[][] {{Rational.ONE}});
        assertEquals(Rational.of(25), o.value(q(1, 1, 3), X1));
        ExactOracle.Decision d = o.decide(q(1, 1, 3), X1);
        assertTrue(d.differentiable());
        assertArrayEquals(q(30, 30, 20), d.gradient());
    }

    /** leaky_relu(α = 0.01) is exactly 1/100 in the oracle: at y = −2, f = v·(−2/100). */
    @Test
    void leakySlopeIsTheDecimal() {
        ExactOracle o = new ExactOracle(Sequential.scalarMlp(new int[] {1}, Activation.leakyRelu(0.01), true));
        assertEquals(Rational.of(-6, 100), o.value(q(-1, -1, 3), X1));
        // on the kink (y = 0) with v = 1: one-sided derivatives in b are 1 and −1/100
        assertEquals(Rational.ONE, o.directional(q(1, -1, 1), X1, q(0, 1, 0)));
        assertEquals(Rational.of(-1, 100), o.directional(q(1, -1, 1), X1, q(0, -1, 0)));
    }

    /** abs with v = 0 is differentiable on the kink; with the kink's opposite slopes and v ≠ 0 it is not. */
    @Test
    void absKink() {
        ExactOracle o = new ExactOracle(Sequential.scalarMlp(new int[] {1}, Activation.abs(), true));
        assertFalse(o.decide(q(1, -1, 1), X1).differentiable());
        assertTrue(o.decide(q(1, -1, 0), X1).differentiable());
        // AD under mid: abs'(0) = 0
        assertArrayEquals(q(0, 0, 0), o.adGradient(q(1, -1, 1), X1, KinkPolicy.mid()));
    }

    /** A batch of two samples sharing the bias: f = v·(relu(W + b) + relu(2W + b)). */
    @Test
    void batchSharesTheBias() {
        ExactOracle o = new ExactOracle(relu1());
        Rational[][] x = {{Rational.ONE}, {Rational.of(-1)}};
        // W = 0, b = 0: both samples on the kink; f = v·(relu(W + b) + relu(−W + b)); in W alone this is
        // v·|W|, not differentiable
        assertFalse(o.decide(q(0, 0, 1), x).differentiable());
        // W = 1, b = −1: sample 1 on its kink (y = 0), sample 2 at y = −2; f = v·relu(W + b) near: not differentiable
        assertFalse(o.decide(q(1, -1, 1), x).differentiable());
    }

    @Test
    void hardswishIsRejected() {
        assertThrows(UnsupportedOperationException.class,
                () -> new ExactOracle(Sequential.of(Dense.of(1, 1, Activation.hardswish()))));
    }
}
