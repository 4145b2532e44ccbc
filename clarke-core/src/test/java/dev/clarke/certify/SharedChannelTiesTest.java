package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.nn.Activation;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Conv2d;
import dev.clarke.nn.Flatten;
import dev.clarke.nn.Init;
import dev.clarke.nn.Linear;
import dev.clarke.nn.Loss;
import dev.clarke.nn.MaxPool2d;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Max-pool ties of three or more functions that share a channel (Lemma 6 of
 * docs/theory/conv-certificates.md): 1×3×5 image → conv(1 → 1, 2×2) → relu → maxpool(2) →
 * flatten → linear(2, 1). The conv output is 2×4, so both windows belong to the one channel, and at
 * w = 0 each window ties four different patches.
 */
class SharedChannelTiesTest {

    private static final Sequential NET = new Sequential(Shape.of(1, 3, 5), List.of(new Conv2d(1, 1, 2, 1, 0, Init.HE),
            new ActivationLayer(Activation.relu()), MaxPool2d.of(2), new Flatten(), new Linear(2, 1, Init.HE)));

    private static final int[] IMAGE = {0, 1, 0, 2, 1, 1, 0, 2, 0, 1, 0, 1, 1, 2, 0};

    /**
     * w = 0, b = 1, v = (1, 1), c = 0. The patches of window 1 are p = (0,1,1,0), (1,0,0,2),
     * (1,0,0,1), (0,2,1,1); of window 2 q = (0,2,2,0), (2,1,0,1), (2,0,1,2), (0,1,2,0) — four
     * different functions w·p + b each, all equal to 1 at w = 0. Near the point
     * f = max_c w·p_c + max_c w·q_c + 2b + c: not differentiable in w, with ∂^C f in w equal to
     * conv{p} + conv{q}. AD (mid) weighs every element ¼: ∂f/∂w = (Σp + Σq)/4 = ((2,3,2,4) +
     * (4,4,5,3))/4 = (1.5, 1.75, 1.75, 1.75), ∂f/∂b = 2, ∂f/∂v = (relu(1), relu(1)) = (1, 1), ∂f/∂c = 1.
     * Two ties of four classes share the channel: the coupled witness shows AD's value is a Clarke
     * subgradient, and the exact oracle confirms it.
     */
    @Test
    void twoFourWayTiesInOneChannelAreNonDifferentiableClarke() {
        double[] w = {0, 0, 0, 0, 1, 1, 1, 0};
        double[] x = new double[IMAGE.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = IMAGE[i];
        }
        NetworkCertificate c = NetworkCertificate.compute(NET, NetworkCertificateTest.params(NET, w), Tensor.of(DType.F64, Shape.of(1, 1, 3, 5), x),
                Loss.sum(), KinkPolicy.mid(), DType.F64);
        assertEquals(Verdict.NONDIFFERENTIABLE_CLARKE, c.verdict(), c.reason());
        List<Double> g = new ArrayList<>();
        for (Tensor t : c.gradient()) {
            for (int i = 0; i < t.size(); i++) {
                g.add(t.get(i));
            }
        }
        assertArrayEquals(new double[] {1.5, 1.75, 1.75, 1.75, 2, 1, 1, 1}, g.stream().mapToDouble(Double::doubleValue).toArray());
        NetworkWitness wit = c.witness().orElseThrow();
        assertEquals(1, wit.steps().size());
        assertTrue(wit.steps().get(0).options().size() >= 4, "each of four classes needs its own direction");
        Rational[][] img = NetworkEnumeratorTest.image(IMAGE);
        Rational[] exact = new Rational[w.length];
        for (int i = 0; i < w.length; i++) {
            exact[i] = Rational.of(w[i]);
        }
        assertTrue(new NetworkOracle(NET, img).witnessHolds(exact, KinkPolicy.mid(), wit));
    }

    /**
     * Every point of M⁸, M = {−1, 0, 1}, under mid and pytorch: no unsound verdict, no point left
     * UNKNOWN, and a non-trivial number of points of each definite verdict.
     */
    @Test
    void exhaustivelySoundAndDecided() {
        for (String pol : new String[] {"mid", "pytorch"}) {
            NetworkEnumerator.Result r = new NetworkEnumerator(NET, NetworkEnumeratorTest.image(IMAGE), ValueSet.range(-1, 1),
                    KinkPolicy.parse(pol)).run();
            assertEquals(6561, r.total());
            assertEquals(0, r.unsound(), pol);
            assertEquals(0, r.adMismatch(), pol);
            assertTrue(r.ndf() > 0, pol);
            assertTrue(r.verdicts().get(Verdict.NONDIFFERENTIABLE_CLARKE) > 1000, pol + " " + r.verdicts());
            assertTrue(r.verdicts().get(Verdict.DIFFERENTIABLE_CORRECT) > 1000, pol + " " + r.verdicts());
            assertTrue(r.verdicts().get(Verdict.NONDIFFERENTIABLE_CLARKE) <= r.ndf(), pol);
            assertNull(r.verdicts().get(Verdict.UNKNOWN), pol + " " + r.verdicts());
        }
    }
}
