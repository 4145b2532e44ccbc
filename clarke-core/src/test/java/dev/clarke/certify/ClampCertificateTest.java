package dev.clarke.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.nn.Activation;
import dev.clarke.nn.ActivationLayer;
import dev.clarke.nn.Conv2d;
import dev.clarke.nn.Flatten;
import dev.clarke.nn.Init;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Linear;
import dev.clarke.nn.MaxPool2d;
import dev.clarke.nn.Sequential;
import dev.clarke.ops.Family;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * clamp(y, lo, hi) with arbitrary finite bounds (ONNX's Clip) as a network activation: the
 * certificate against the exact oracle at every point of M^P, M = {−1, 0, 1}, on conv → clamp →
 * [max pool] → linear nets whose pre-activations are small integers, so both kinks are hit.
 */
class ClampCertificateTest {

    private static final Rational[][] IMAGE = NetworkEnumeratorTest.image(1, 1, 0, 1, 1, 0, 0, 0, 0);

    private static Sequential net(Activation act, boolean pool) {
        List<Layer> layers = new ArrayList<>(List.of(new Conv2d(1, 1, 2, 1, 0, Init.HE), new ActivationLayer(act)));
        if (pool) {
            layers.add(MaxPool2d.of(2));
        }
        layers.add(new Flatten());
        Sequential body = new Sequential(Shape.of(1, 3, 3), layers);
        layers.add(new Linear(body.shapeAfter(layers.size() - 1).size(), 1, Init.HE));
        return new Sequential(Shape.of(1, 3, 3), layers);
    }

    @Test
    void clampWithAnyFiniteBoundsIsCertifiedSoundly() {
        for (Activation act : List.of(Activation.clamp(0, 1), Activation.clamp(-1, 2))) {
            sweep(act, false);
        }
    }

    /**
     * The certificate against the oracle at every point, with and without a max pool, under mid,
     * pytorch and left: no unsound verdict, AD exact, both definite verdicts reached; with
     * {@code decidedWithoutPool}, no UNKNOWN without a pool.
     */
    private static void sweep(Activation act, boolean decidedWithoutPool) {
        for (boolean pool : new boolean[] {false, true}) {
            for (String pol : new String[] {"mid", "pytorch", "left"}) {
                NetworkEnumerator.Result r = new NetworkEnumerator(net(act, pool), IMAGE, ValueSet.range(-1, 1),
                        KinkPolicy.parse(pol)).run();
                String what = act + (pool ? " + pool " : " ") + pol + " " + r.verdicts();
                assertEquals(0, r.unsound(), what);
                assertEquals(0, r.adMismatch(), what);
                assertTrue(r.ndf() > 0, what);
                assertTrue(r.verdicts().getOrDefault(Verdict.DIFFERENTIABLE_CORRECT, 0L) > 0, what);
                assertTrue(r.verdicts().getOrDefault(Verdict.NONDIFFERENTIABLE_CLARKE, 0L) > 0, what);
                if (decidedWithoutPool && !pool) {
                    assertNull(r.verdicts().get(Verdict.UNKNOWN), what);
                }
            }
        }
    }

    /**
     * One-sided clamps (ONNX's Clip with an infinite bound): max(y, lo) is non-decreasing with a flat
     * lower piece, so before a max pool its windows at lo are kinked windows (§3.3) like relu's;
     * min(y, hi) has a flat upper piece. Both against the exact oracle at every point.
     */
    @Test
    void oneSidedClampsAreCertifiedSoundly() {
        for (Activation act : List.of(Activation.clampMin(0), Activation.clampMin(-1), Activation.clampMax(0),
                Activation.clampMax(1))) {
            sweep(act, true);   // one kink of one activation on a biased conv output: every point decided
        }
    }

    /** clamp_min(y, 0) is relu: the same verdict counts at every point, with and without a pool. */
    @Test
    void clampMinAtZeroDecidesExactlyAsRelu() {
        for (boolean pool : new boolean[] {false, true}) {
            NetworkEnumerator.Result a = new NetworkEnumerator(net(Activation.clampMin(0), pool), IMAGE,
                    ValueSet.range(-1, 1), KinkPolicy.parse("mid")).run();
            NetworkEnumerator.Result b = new NetworkEnumerator(net(Activation.relu(), pool), IMAGE,
                    ValueSet.range(-1, 1), KinkPolicy.parse("mid")).run();
            assertEquals(b.verdicts(), a.verdicts());
            assertEquals(b.ndf(), a.ndf());
        }
    }

    /** Without a pool every hit is a kink of one clamp on a biased conv output: all decided. */
    @Test
    void withoutAPoolEveryPointIsDecided() {
        NetworkEnumerator.Result r = new NetworkEnumerator(net(Activation.clamp(-1, 2), false), IMAGE,
                ValueSet.range(-1, 1), KinkPolicy.parse("mid")).run();
        assertNull(r.verdicts().get(Verdict.UNKNOWN), r.verdicts().toString());
    }

    @Test
    void boundsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Activation.clamp(2, 1));
        assertThrows(IllegalArgumentException.class, () -> Activation.clamp(0, Double.POSITIVE_INFINITY));
        assertEquals(List.of(0.5, 3.0), List.of(Activation.clamp(0.5, 3).kinks().get(0).point(),
                Activation.clamp(0.5, 3).kinks().get(1).point()));
        assertEquals(Family.CLAMP, Activation.parse("clamp", 0).family());
    }
}
