package dev.clarke.absnormal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ops.KinkPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LIKQ, realisability by LP, the private-variable certificate, and LD-derivatives. */
class ConditionsTest {

    @Test
    void exactRankSeesWhatRoundingWouldHide() {
        assertEquals(2, ExactRank.rank(new double[][] {{1, 1}, {1, 1 + 0x1p-52}}));
        assertEquals(1, ExactRank.rank(new double[][] {{0.1, 0.3}, {0.2, 0.6}}));
        assertEquals(1, ExactRank.numericRank(new double[][] {{1, 1}, {1, 1 + 0x1p-52}}, 1e-10));
        assertEquals(2, ExactRank.rank(new double[][] {{0, 0, 1}, {0, 0, 0}, {3, 1, 0}}));
    }

    /** T8's A₀ = [1 −1; ½ ½]: rank 2; T3's [1; ½]: rank 1. */
    @Test
    void likqOnTheTable() {
        Likq t8 = Likq.of(Fixtures.form("max(max(x, y), 0)", "x=0,y=0", KinkPolicy.mid()));
        assertArrayEquals(new double[] {1, -1}, t8.a0()[0]);
        assertArrayEquals(new double[] {0.5, 0.5}, t8.a0()[1]);
        assertTrue(t8.holds() && t8.exact());
        Likq t3 = Likq.of(Fixtures.form("relu(relu(x)) - relu(x)", "x=0", KinkPolicy.mid()));
        assertEquals(1, t3.rank());
        assertFalse(t3.holds());
    }

    /**
     * T3: z₁ = x, z₂ = relu(x) = ½x + ½|z₁|, z₃ = x. Under τ₁ = +1 z₂'s row is 1 (so τ₂ = +1
     * is forced, and τ₃ = +1); under τ₁ = −1 it is 0 ("don't care", fixed +1) and τ₃ = −1.
     */
    @Test
    void realisablePatternsWithDontCare() {
        AbsNormalForm f = Fixtures.form("relu(relu(x)) - relu(x)", "x=0", KinkPolicy.mid());
        List<double[]> p = Realisability.enumerate(f);
        assertEquals(2, p.size());
        assertArrayEquals(new double[] {1, 1, 1}, p.get(0));
        assertArrayEquals(new double[] {-1, 1, -1}, p.get(1));
    }

    /** T2 = max(x,0) − max(−x,0): (+,+) and (−,−) are not realisable (z₂ = −z₁). */
    @Test
    void realisabilityLpExcludesContradictorySigns() {
        List<double[]> p = Realisability.enumerate(Fixtures.form("max(x, 0) - max(-x, 0)", "x=0", KinkPolicy.mid()));
        assertEquals(2, p.size());
        assertArrayEquals(new double[] {1, -1}, p.get(0));
        assertArrayEquals(new double[] {-1, 1}, p.get(1));
    }

    @Test
    void hullMembership() {
        List<double[]> pts = List.of(new double[] {0, 0}, new double[] {1, 0}, new double[] {0, 1});
        assertTrue(Realisability.inHull(pts, new double[] {0.25, 0.25}, 1e-12));
        assertFalse(Realisability.inHull(pts, new double[] {0.75, 0.5}, 1e-12));
    }

    /** LD-derivatives: T2 gives 1 (σ = (+,−)), T3 gives 0, T9 (≡ |x|) gives 1 (the right piece). */
    @Test
    void ldDerivatives() {
        assertArrayEquals(new double[] {1}, Lexicographic.derivative(Fixtures.form("max(x, 0) - max(-x, 0)", "x=0", KinkPolicy.mid()))[0]);
        assertArrayEquals(new double[] {0}, Lexicographic.derivative(Fixtures.form("relu(relu(x)) - relu(x)", "x=0", KinkPolicy.mid()))[0]);
        assertArrayEquals(new double[] {1}, Lexicographic.derivative(Fixtures.form("relu(x) + relu(-x)", "x=0", KinkPolicy.mid()))[0]);
        // max(x, y) at (0,0): the first column e₁ makes x − y > 0: the x-piece (1, 0)
        assertArrayEquals(new double[] {1, 0}, Lexicographic.derivative(Fixtures.form("max(x, y)", "x=0,y=0", KinkPolicy.mid()))[0]);
    }

    /**
     * relu(relu(x)) at 0 in direction −1: z₁ = x gets σ₁ = −1, then z₂'s tangent row is
     * ½(−1, 1) + ½(−1)(−1, 1) = 0: don't care, and G = 0 (the left piece). Direction +1 gives 1.
     */
    @Test
    void directionalActiveGradientWithDontCare() {
        AbsNormalForm f = Fixtures.form("relu(relu(x))", "x=0", KinkPolicy.mid());
        assertArrayEquals(new double[] {0}, Lexicographic.directionalActiveGradient(f, new double[] {-1})[0]);
        assertArrayEquals(new double[] {1}, Lexicographic.directionalActiveGradient(f, new double[] {1})[0]);
        AbsNormalForm t2 = Fixtures.form("max(x, 0) - max(-x, 0)", "x=0", KinkPolicy.mid());
        assertArrayEquals(new double[] {1}, Lexicographic.directionalActiveGradient(t2, new double[] {1})[0]);
    }

    /**
     * A batch of two samples through one relu neuron with weight w and bias b, inputs 1 and 2, at
     * w = 1, b = −1 for sample one (pre-activation 0) — sample two is inactive: per-kink privacy.
     * With both samples on the kink (inputs 0 and 0), b is shared: a group of two.
     */
    @Test
    void privateVariablesPerKinkAndPerGroup() {
        AbsNormalForm one = Fixtures.form("relu(w*1 + b) + relu(w*2 + b)", "w=1,b=-1", KinkPolicy.mid());
        PrivateVariables p1 = PrivateVariables.check(one, Likq.of(one));
        assertTrue(p1.holds() && p1.perKink());
        AbsNormalForm two = Fixtures.form("relu(w*0 + b) * 3 + relu(w*0 + b) * 5", "w=1,b=0", KinkPolicy.lambda(0.3));
        PrivateVariables p2 = PrivateVariables.check(two, Likq.of(two));
        assertTrue(p2.holds(), p2.reason());
        assertEquals(1, p2.groups().size());
        // one kink feeding the other (relu(relu(b))) is one path: no group certificate
        AbsNormalForm chain = Fixtures.form("relu(relu(b) + b)", "b=0", KinkPolicy.mid());
        assertFalse(PrivateVariables.check(chain, Likq.of(chain)).holds());
    }
}
